package dev.hearth.home.adapter.in.cli;

import dev.hearth.home.adapter.in.rest.ScreenResource;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Duration;
import java.time.Instant;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code token <customerId> config.yml}: prints a bearer token for a sandbox customer. The file is required: the key the
 * token is signed with ({@code sandbox.signingKey}) has no built-in default, on purpose.
 */
public final class TokenCommand extends ConfiguredCommand<HomeConfiguration> {
    public TokenCommand() {
        super("token", "Prints a sandbox token (alice, bob, carol, dave)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("customer").help("the customer id, e.g. alice");
        subparser.addArgument("--ttl-minutes").type(Integer.class).setDefault(60).help("how long the token is valid");
        super.configure(subparser);
        ListedCommands.listed(subparser, this);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        if (namespace.getString("file") == null) {
            throw new CommandRefused("token signs with sandbox.signingKey, which only a config file has: run ./hearth token "
                    + namespace.getString("customer") + " config.yml");
        }
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Bootstrap<HomeConfiguration> bootstrap, Namespace namespace, HomeConfiguration configuration) {
        if (!configuration.getSandbox().isEnabled()) {
            throw new CommandRefused("The token command signs sandbox tokens only, and sandbox.enabled is false "
                    + "in this configuration. Production tokens come from the identity provider.");
        }
        TokenIssuer issuer = new TokenIssuer(configuration.getSandbox().getSigningKey(),
                configuration.getAuth().getIssuer(), configuration.getAuth().getAudience());
        String token = issuer.issue(new CustomerId(namespace.getString("customer")), ScreenResource.SCOPE, Instant.now(),
                Duration.ofMinutes(namespace.getInt("ttl_minutes")));
        System.out.println(token);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        CommandRefused.report(cli, e, () -> super.onError(cli, namespace, e));
    }
}
