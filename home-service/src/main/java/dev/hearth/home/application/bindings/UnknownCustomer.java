package dev.hearth.home.application.bindings;

import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.ports.domain.port.out.DownstreamException;

/**
 * How a port says "core banking does not know this customer": a {@link NotFoundException} with {@link #MESSAGE},
 * thrown where a call keyed by the customer answers {@link DownstreamException.Kind#NOT_FOUND}. The engine passes a
 * not-found's message through unchanged into the {@link ScreenFailure}, which is how {@link #is} tells it from
 * another "not found" (an account id that is not the caller's).
 */
public final class UnknownCustomer {
    /** The not-found's message; names no customer (it ends up in traces and logs). */
    public static final String MESSAGE = "core banking knows no such customer";

    private UnknownCustomer() {
    }

    /** {@code e} as the engine's "not found" of an unknown customer if it is core banking's NOT_FOUND, else itself. */
    static Exception of(DownstreamException e) {
        return e.kind() == DownstreamException.Kind.NOT_FOUND ? new NotFoundException(MESSAGE) : e;
    }

    /** Whether the screen failed because the customer is unknown. */
    public static boolean is(ScreenFailure failure) {
        return failure.notFound() && MESSAGE.equals(failure.message());
    }
}
