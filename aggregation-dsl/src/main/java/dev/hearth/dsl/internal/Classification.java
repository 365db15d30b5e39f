package dev.hearth.dsl.internal;

import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.spi.FailureClassifier;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a port threw or returned into a {@link CallOutcome}. */
final class Classification {
    private final FailureClassifier custom;

    Classification(FailureClassifier custom) {
        this.custom = custom;
    }

    CallOutcome.Failure failure(Throwable thrown, String what) {
        Throwable cause = unwrap(thrown);
        Reason reason = custom.classify(cause).orElse(Reason.ERROR);
        return new CallOutcome.Failure(reason, cause instanceof NotFoundException,
                cause instanceof NotFoundException ? String.valueOf(cause.getMessage()) : what + " failed: " + cause);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable at = t;
        while (at.getCause() != null && (at instanceof CompletionException || at instanceof ExecutionException
                || at instanceof InvocationTargetException)) {
            at = at.getCause();
        }
        return at;
    }

    /** A good value is non-null and of the declared type; a list holds no null and only the element type. */
    static CallOutcome check(PortDefinition<?, ?, ?> port, Object out, String what) {
        if (out == null) {
            return bad(what + " returned null; a port returns a value, or throws NotFoundException when there is none");
        }
        if (!port.outputType().isInstance(out)) {
            return bad(what + " returned a " + out.getClass().getName() + " but declares " + port.outputType().getName());
        }
        Optional<Class<?>> element = port.elementType();
        if (element.isPresent()) {
            for (Object e : (List<?>) out) {
                if (e == null || !element.get().isInstance(e)) {
                    return bad(what + " returned a list holding " + (e == null ? "null" : "a " + e.getClass().getName())
                            + " but declares elements of " + element.get().getName());
                }
            }
            return new CallOutcome.Success(List.copyOf((List<?>) out));
        }
        return new CallOutcome.Success(out);
    }

    private static CallOutcome bad(String message) {
        return new CallOutcome.Failure(Reason.BAD_RESPONSE, false, message);
    }
}
