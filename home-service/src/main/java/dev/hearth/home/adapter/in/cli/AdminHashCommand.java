package dev.hearth.home.adapter.in.cli;

import dev.hearth.home.auth.AdminPassword;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code admin-hash}: reads the admin port's password from the first line of stdin (never an argument, which would stay
 * in the shell's history and the process list) and prints its hash for {@code admin.passwordHash}, e.g.
 * {@code export HEARTH_ADMIN_PASSWORD_HASH="$(./hearth admin-hash < password.txt)"}.
 */
public final class AdminHashCommand extends Command {
    public AdminHashCommand() {
        super("admin-hash", "Prints the hash of the admin port's password read from stdin, for admin.passwordHash");
    }

    @Override
    public void configure(Subparser subparser) {
        ListedCommands.listed(subparser, this);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new CommandRefused("admin-hash reads the password from the first line of stdin, and it was empty: "
                    + "./hearth admin-hash < password.txt");
        }
        if (line.length() < 12) {
            throw new CommandRefused("the admin password must be at least 12 characters, not " + line.length());
        }
        char[] password = line.toCharArray();
        System.out.println(AdminPassword.hash(password, AdminPassword.ITERATIONS));
        java.util.Arrays.fill(password, '\0');
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        CommandRefused.report(cli, e, () -> super.onError(cli, namespace, e));
    }
}
