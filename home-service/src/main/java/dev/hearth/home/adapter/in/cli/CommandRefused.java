package dev.hearth.home.adapter.in.cli;

import io.dropwizard.core.cli.Cli;

/**
 * A command was asked for something it cannot do: its message is the whole story, printed alone (no stack trace to
 * hide it), and the command exits non-zero.
 */
final class CommandRefused extends RuntimeException {
    CommandRefused(String message) {
        super(message, null, false, false);
    }

    /** Prints a refusal's message alone; any other failure goes to {@code otherwise} (Dropwizard's stack trace). */
    static void report(Cli cli, Throwable failure, Runnable otherwise) {
        if (failure instanceof CommandRefused) {
            cli.getStdErr().println(failure.getMessage());
        } else {
            otherwise.run();
        }
    }
}
