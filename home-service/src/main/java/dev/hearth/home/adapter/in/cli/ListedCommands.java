package dev.hearth.home.adapter.in.cli;

import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code ./hearth}, {@code -h} and {@code --help} list every command with its one-line description. argparse4j lists a
 * subcommand's <em>help</em>, and Dropwizard sets only its description, so each command copies its description into its
 * help ({@link #listed}); Dropwizard's own {@code server} and {@code check} are added here, doing the same.
 */
public final class ListedCommands {
    private ListedCommands() {
    }

    /** Dropwizard's default commands, listed in the help: the application adds these instead of Dropwizard's. */
    public static void addDropwizardCommands(Application<HomeConfiguration> application,
            Bootstrap<HomeConfiguration> bootstrap) {
        bootstrap.addCommand(new ServerCommand<>(application, "server",
                "Starts the service: the API and the admin port") {
            @Override
            public void configure(Subparser subparser) {
                super.configure(subparser);
                listed(subparser, this);
            }
        });
        bootstrap.addCommand(new CheckCommand<>(application) {
            @Override
            public void configure(Subparser subparser) {
                super.configure(subparser);
                listed(subparser, this);
            }
        });
    }

    /** Shows the command's description beside its name in the top-level help. */
    static void listed(Subparser subparser, Command command) {
        subparser.help(command.getDescription());
    }
}
