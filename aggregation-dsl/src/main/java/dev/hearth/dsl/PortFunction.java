package dev.hearth.dsl;

/**
 * The code behind a port: turns one input into one output. Runs on its own thread; an interrupt means the call's
 * deadline has passed and its result is no longer wanted. Throw {@link NotFoundException} when what was asked does
 * not exist for this caller.
 *
 * @param <C> the type of the customer the call is made for (see {@link CallContext#customer()})
 * @param <I> the input
 * @param <O> the output
 */
@FunctionalInterface
public interface PortFunction<C, I, O> {
    O call(I input, CallContext<C> context) throws Exception;
}
