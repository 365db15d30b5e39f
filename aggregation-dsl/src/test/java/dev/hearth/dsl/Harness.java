package dev.hearth.dsl;

import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** An engine on virtual time with fake ports that take an exact (virtual) time and count their calls. */
final class Harness implements AutoCloseable {
    final VirtualTime time = new VirtualTime();
    final List<CallRecord> records = new CopyOnWriteArrayList<>();
    private final PortRegistry.Builder<String> ports = PortRegistry.builder();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private FailureClassifier classifier = failure -> Optional.empty();
    private UnaryOperator<AggregationEngine.Builder<String>> tuning = b -> b;
    /** Every thread the engines made (coordinators and calls), so a test can wait for all of them to end. */
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** What a fake port does after its latency; may throw. */
    @FunctionalInterface
    interface Body<I, O> {
        O apply(I input) throws Exception;
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A port that takes {@code millis} of virtual time, then answers {@code fn(input)} (which may throw). */
    <I, O> Harness port(String name, Class<I> in, Class<O> out, long millis, Body<I, O> fn) {
        return register(PortDefinition.of(name, in, out, (input, context) -> {
            count(name);
            time.sleep(ms(millis));
            return fn.apply(input);
        }));
    }

    <I, E> Harness listPort(String name, Class<I> in, Class<E> element, long millis, Body<I, List<E>> fn) {
        return register(PortDefinition.ofList(name, in, element, (input, context) -> {
            count(name);
            time.sleep(ms(millis));
            return fn.apply(input);
        }));
    }

    Harness register(PortDefinition<String, ?, ?> port) {
        ports.register(port);
        return this;
    }

    Harness classifier(FailureClassifier classifier) {
        this.classifier = classifier;
        return this;
    }

    /** Further builder settings for {@link #engine()} (limits, result store). */
    Harness tune(UnaryOperator<AggregationEngine.Builder<String>> tuning) {
        this.tuning = tuning;
        return this;
    }

    /** Waits (at most 10 s each, real time) until every engine thread has ended; false if one has not. */
    boolean allThreadsEnded() throws InterruptedException {
        for (Thread t : threads) {
            if (!t.join(java.time.Duration.ofSeconds(10))) {
                return false;
            }
        }
        return true;
    }

    void count(String port) {
        calls.computeIfAbsent(port, k -> new AtomicInteger()).incrementAndGet();
    }

    int calls(String port) {
        AtomicInteger n = calls.get(port);
        return n == null ? 0 : n.get();
    }

    PortRegistry<String> ports() {
        return ports.build();
    }

    AggregationEngine<String> engine() {
        var threadFactory = time.threadFactory();
        return tuning.apply(AggregationEngine.builder(String.class).ports(ports.build())
                .timer(time)
                .threadFactory(r -> {
                    Thread t = threadFactory.newThread(r);
                    threads.add(t);
                    return t;
                })
                .failureClassifier(classifier)
                .listener(new ExecutionListener() {
                    @Override
                    public void callFinished(CallRecord record) {
                        records.add(record);
                    }
                }))
                .build();
    }

    static ScreenRequest<String> request() {
        return ScreenRequest.builder("c-1").requestId("r-1").param("accountId", "a1").build();
    }

    ScreenResult run(Screen screen) {
        AggregationEngine<String> engine = engine();
        return engine.execute(engine.compile(screen), request());
    }

    /** How long the call at {@code path} took, in virtual time. */
    Duration took(String path) {
        CallRecord r = records.stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no call at " + path + " in " + records));
        return Duration.between(r.start(), r.end());
    }

    @Override
    public void close() {
        time.close();
    }
}
