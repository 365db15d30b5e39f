package dev.hearth.home.resilience;

import dev.hearth.dsl.NotFoundException;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/** Which failures say something about a downstream's health, and which are worth another try. */
final class Failures {
    private Failures() {
    }

    /**
     * A real downstream failure: unreachable, an error status, a bad answer, a timeout or an interrupt.
     * "Not found" is an answer; a call Hearth's own limit refused before sending it ({@code REFUSED}: no pooled
     * connection, a full queue) and anything else (a bug in a port, a full bulkhead) say nothing about the
     * downstream: none of them may open a circuit.
     */
    static boolean countsAgainstBreaker(Throwable failure) {
        return switch (failure) {
            case DownstreamException e -> e.kind() != DownstreamException.Kind.NOT_FOUND
                    && e.kind() != DownstreamException.Kind.REFUSED;
            case NotFoundException e -> false;
            case InterruptedException e -> true;
            case InterruptedIOException e -> true;
            case ClosedByInterruptException e -> true;
            default -> false;
        };
    }

    /** Worth another try: the downstream was unavailable. A bad answer or "not found" would only repeat. */
    static boolean retryable(Throwable failure) {
        return failure instanceof DownstreamException e && e.kind() == DownstreamException.Kind.UNAVAILABLE;
    }
}
