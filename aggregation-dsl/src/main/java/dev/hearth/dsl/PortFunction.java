package dev.hearth.dsl;

/**
 * The code behind a port: turns one input into one output. Runs on its own thread; an interrupt means the call's
 * deadline has passed and its result is no longer wanted. Throw {@link NotFoundException} when what was asked does
 * not exist for this caller.
 */
@FunctionalInterface
public interface PortFunction<I, O> {
    O call(I input, CallContext context) throws Exception;
}
