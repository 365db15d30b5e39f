package dev.hearth.dsl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, typed function the screens can call. Immutable and thread-safe; {@link #withTimeout} returns a new
 * definition.
 *
 * @param <C> the type of the customer its function is called for: the engine's
 * @param <I> the input
 * @param <O> the output ({@code List<E>} for list ports)
 */
public final class PortDefinition<C, I, O> {
    private final String name;
    private final Class<I> inputType;
    private final Class<?> outputType;
    private final Class<?> elementType;
    private final PortFunction<C, I, O> function;
    private final Duration timeout;

    private PortDefinition(String name, Class<I> inputType, Class<?> outputType, Class<?> elementType,
            PortFunction<C, I, O> function, Duration timeout) {
        this.name = name;
        this.inputType = inputType;
        this.outputType = outputType;
        this.elementType = elementType;
        this.function = function;
        this.timeout = timeout;
    }

    /**
     * A port returning one {@code outputType} value. Java infers {@code C} from where the port goes (a
     * {@code PortRegistry.Builder<C>}); in a chain such as {@code .withTimeout(...)} name it:
     * {@code PortDefinition.<CustomerId, Account, Balance>of(...)}.
     */
    public static <C, I, O> PortDefinition<C, I, O> of(String name, Class<I> inputType, Class<O> outputType,
            PortFunction<C, I, O> fn) {
        return new PortDefinition<>(requireName(name), Objects.requireNonNull(inputType, "inputType"),
                Objects.requireNonNull(outputType, "outputType"), null, Objects.requireNonNull(fn, "port function"), null);
    }

    /** A port returning a list of {@code elementType}; sections can fan out over it with {@code each}. */
    public static <C, I, E> PortDefinition<C, I, List<E>> ofList(String name, Class<I> inputType,
            Class<E> elementType, PortFunction<C, I, List<E>> fn) {
        return new PortDefinition<>(requireName(name), Objects.requireNonNull(inputType, "inputType"), List.class,
                Objects.requireNonNull(elementType, "elementType"), Objects.requireNonNull(fn, "port function"), null);
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "port name");
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("port name '" + name
                    + "' must start with a letter and hold only letters, digits, '_' and '-'");
        }
        return name;
    }

    /** The same port with the timeout ops configured for it (must be positive). */
    public PortDefinition<C, I, O> withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout of port '" + name + "' must be positive, was " + timeout);
        }
        return new PortDefinition<>(name, inputType, outputType, elementType, function, timeout);
    }

    public String name() {
        return name;
    }

    public Class<I> inputType() {
        return inputType;
    }

    /** {@code List.class} for list ports. */
    public Class<?> outputType() {
        return outputType;
    }

    /** The element type of a list port. */
    public Optional<Class<?>> elementType() {
        return Optional.ofNullable(elementType);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The function itself. */
    public PortFunction<C, I, O> function() {
        return function;
    }

    /** Calls the function with an input already checked against {@link #inputType()}. */
    public O call(Object input, CallContext<C> context) throws Exception {
        return function.call(inputType.cast(input), context);
    }

    @Override
    public String toString() {
        return "port '" + name + "' (" + inputType.getSimpleName() + " -> "
                + (elementType == null ? outputType.getSimpleName() : "List<" + elementType.getSimpleName() + ">") + ")";
    }
}
