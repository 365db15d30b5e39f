package dev.hearth.dsl;

/**
 * Thrown by a port when what was asked does not exist for this caller. When a required section fails with it, the
 * {@link ScreenFailure} says {@code notFound} and the resource answers 404.
 */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
