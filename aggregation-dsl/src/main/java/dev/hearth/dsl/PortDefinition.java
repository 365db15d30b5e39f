package dev.hearth.dsl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

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
    /** The batch form: many inputs in one call, each answer under its input (absent: none for it); or null. */
    private final PortFunction<C, List<I>, Map<I, O>> batch;
    /** The most inputs one batch call carries; 0: the engine's default. */
    private final int batchSize;

    private PortDefinition(String name, Class<I> inputType, Class<?> outputType, Class<?> elementType,
            PortFunction<C, I, O> function, Duration timeout) {
        this(name, inputType, outputType, elementType, function, timeout, null, 0);
    }

    private PortDefinition(String name, Class<I> inputType, Class<?> outputType, Class<?> elementType,
            PortFunction<C, I, O> function, Duration timeout, PortFunction<C, List<I>, Map<I, O>> batch, int batchSize) {
        this.name = name;
        this.inputType = inputType;
        this.outputType = outputType;
        this.elementType = elementType;
        this.function = function;
        this.timeout = timeout;
        this.batch = batch;
        this.batchSize = batchSize;
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
        return new PortDefinition<>(name, inputType, outputType, elementType, function, timeout, batch, batchSize);
    }

    /**
     * The same port with a batch form: {@code batch} makes ONE call for a list of distinct inputs and answers a map
     * from each input to its output; an input the map lacks (or maps to null) has no answer, and that item alone
     * degrades. The engine coalesces the per-item calls of one request to this port that are ready together (a
     * fan-out's items, a field of every item of a list) into batch calls of at most {@link #batchSize()} inputs;
     * the single-input function stays the port's form for a lone call and when batching is off.
     */
    public PortDefinition<C, I, O> withBatch(PortFunction<C, List<I>, Map<I, O>> batch) {
        Objects.requireNonNull(batch, "batch function");
        return new PortDefinition<>(name, inputType, outputType, elementType, function, timeout, batch, batchSize);
    }

    /**
     * A batch form in two parts: {@code call} turns the list of inputs into one call answering {@code R} (say, a
     * list of details), and {@code answerFor} finds each input's output in it (null: none for that input).
     */
    public <R> PortDefinition<C, I, O> withBatch(PortFunction<C, List<I>, R> call, BiFunction<R, I, O> answerFor) {
        Objects.requireNonNull(call, "batch call");
        Objects.requireNonNull(answerFor, "answerFor");
        return withBatch((inputs, context) -> {
            R answer = call.call(inputs, context);
            Map<I, O> byInput = new LinkedHashMap<>();
            for (I input : inputs) {
                O out = answerFor.apply(answer, input);
                if (out != null) {
                    byInput.put(input, out);
                }
            }
            return byInput;
        });
    }

    /** The same port carrying at most {@code size} inputs per batch call (at least 1). */
    public PortDefinition<C, I, O> withBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batchSize of port '" + name + "' must be at least 1, was " + size);
        }
        return new PortDefinition<>(name, inputType, outputType, elementType, function, timeout, batch, size);
    }

    /** The same port without its batch form: every call carries one input. */
    public PortDefinition<C, I, O> withoutBatch() {
        return batch == null ? this
                : new PortDefinition<>(name, inputType, outputType, elementType, function, timeout, null, batchSize);
    }

    /**
     * The same port with its function, and its batch function if any, each wrapped by {@code wrap} (a decorator:
     * policies, tracing); name, types, timeout and batch size kept.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PortDefinition<C, I, O> decorated(UnaryOperator<PortFunction<C, Object, Object>> wrap) {
        Objects.requireNonNull(wrap, "wrap");
        PortFunction single = wrap.apply((PortFunction) function);
        PortFunction many = batch == null ? null : wrap.apply((PortFunction) batch);
        return new PortDefinition<>(name, inputType, outputType, elementType, single, timeout, many, batchSize);
    }

    /** The batch form, if the port declares one. */
    public Optional<PortFunction<C, List<I>, Map<I, O>>> batch() {
        return Optional.ofNullable(batch);
    }

    /** Whether the port declares a batch form (no allocation, for the engine's hot path). */
    public boolean batches() {
        return batch != null;
    }

    /** The most inputs per batch call set for this port; empty: the engine's default. */
    public OptionalInt batchSize() {
        return batchSize == 0 ? OptionalInt.empty() : OptionalInt.of(batchSize);
    }

    /** Calls the batch form with inputs already checked against {@link #inputType()}. */
    @SuppressWarnings("unchecked")
    public Map<?, ?> callBatch(List<?> inputs, CallContext<C> context) throws Exception {
        if (batch == null) {
            throw new IllegalStateException(this + " declares no batch form");
        }
        for (Object input : inputs) {
            inputType.cast(input);
        }
        return batch.call((List<I>) inputs, context);
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
                + (elementType == null ? outputType.getSimpleName() : "List<" + elementType.getSimpleName() + ">") + ")"
                + (batch == null ? "" : ", batched");
    }
}
