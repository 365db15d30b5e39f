package dev.hearth.home.adapter.in.cli;

import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.sandbox.SandboxServer;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.util.concurrent.CountDownLatch;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code sandbox [config.yml]}: serves only the sandbox downstreams, so they can live in a process of
 * their own (benchmarks, or a Hearth whose downstreams' baseUrls point here), with their fault tasks
 * on the same port ({@code POST /tasks/sandbox-fault?...}, {@code POST /tasks/sandbox-reset}). Stops on
 * Ctrl-C, or when the thread running it is interrupted.
 */
public final class SandboxCommand extends ConfiguredCommand<HomeConfiguration> {
    public SandboxCommand() {
        super("sandbox", "Serves only the sandbox downstreams, until stopped");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        ListedCommands.listed(subparser, this);
    }

    @Override
    protected void run(Bootstrap<HomeConfiguration> bootstrap, Namespace namespace, HomeConfiguration configuration)
            throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (SandboxServer sandbox = SandboxServer.start(configuration.getSandbox().settings(),
                configuration.getSandbox().credential())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sandbox.close();
                stopped.countDown();
            }));
            System.out.println("Sandbox downstreams serving at " + sandbox.baseUri() + " (Ctrl-C stops); faults: POST "
                    + sandbox.baseUri() + "/tasks/sandbox-fault?port=NAME&..., POST " + sandbox.baseUri()
                    + "/tasks/sandbox-reset");
            stopped.await();
        }
    }
}
