package dev.hearth.dsl;

import dev.hearth.dsl.internal.Admission;
import dev.hearth.dsl.internal.EngineParts;
import dev.hearth.dsl.internal.Execution;
import dev.hearth.dsl.internal.ScreenValidator;
import dev.hearth.dsl.internal.VariantValidator;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;

/**
 * Compiles screens against registered ports and executes them: every section as soon as its input exists, every
 * call on its own thread under its effective deadline (the smallest of the port's timeout, the section's or field's
 * deadline and what is left of the screen's budget), identical calls of one request made once.
 *
 * <p>Resilience, engine-wide:
 * <ul>
 *   <li><b>Freshness and stale values.</b> Every good value of a section that declares {@code freshness} or a section
 *   or field that declares {@code fallback: { stale: <max age> }} is kept in the {@link ResultStore}, keyed by screen,
 *   section (or {@code section.field}), port and input. Within its freshness a section is served from the store
 *   without calling (OK, with {@code asOf}); when its port fails, a value at most max age old is served instead
 *   (a section STALE with {@code asOf} and the failure's reason; a field takes it and is listed as degraded).
 *   The default store is in memory, bounded by entry count (LRU, 10 000).</li>
 *   <li><b>Admission, no queue.</b> A call is not started, and fails at once with BULKHEAD_FULL, when the calls in
 *   flight across the engine reach {@code maxInFlightCalls} (for a call the screen needs: a required section, or a
 *   required field of one) or {@code maxInFlightCalls × optionalShare} (for every other call), so optional calls
 *   are shed first. Nor is a call started when the remaining budget cannot fit a call: less than
 *   {@code minimumCallTime} before its effective deadline (TIMEOUT).</li>
 *   <li><b>Fail fast.</b> Once a required section failed, {@code execute} returns at once (the screen cannot be
 *   shown); sections not done are FAILED with DEPENDENCY_FAILED, and their calls are interrupted.</li>
 *   <li><b>Kill switches.</b> An optional section the request switches off ({@link ScreenRequest#disabled()}) is
 *   OMITTED with reason DISABLED at once, and so is every optional section that reads it: no call, no field, no
 *   share of the budget or the call slots.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: one engine serves all requests. {@link #withPorts} makes an engine with new port
 * settings that shares this one's state.
 *
 * @param <C> the type of the customer every request is for (e.g. the application's customer id): the type of
 *     {@link ScreenRequest#customer()} and {@link CallContext#customer()}, and what a section {@code from: customer}
 *     gives its port (checked when a screen is compiled)
 */
public final class AggregationEngine<C> {
    /** Items per batch call when neither the engine nor the port sets a size. */
    public static final int DEFAULT_BATCH_SIZE = 50;

    private final PortRegistry<C> ports;
    private final Class<C> customerType;
    private final EngineParts parts;

    private AggregationEngine(Builder<C> b) {
        this.ports = b.ports;
        this.customerType = b.customerType;
        FailureClassifier custom = b.classifier;
        ResultStore store = b.resultStore != null ? b.resultStore : ResultStore.inMemory(b.resultStoreCapacity);
        this.parts = new EngineParts(b.timer, b.threads, custom, b.listener, store,
                new Admission(b.maxInFlightCalls, b.optionalShare, b.minimumCallTime), b.batching ? b.batchSize : 0);
    }

    private AggregationEngine(PortRegistry<C> ports, Class<C> customerType, EngineParts parts) {
        this.ports = ports;
        this.customerType = customerType;
        this.parts = parts;
    }

    /** An engine for requests whose customer is a {@code customerType}. */
    public static <C> Builder<C> builder(Class<C> customerType) {
        return new Builder<>(customerType);
    }

    public PortRegistry<C> ports() {
        return ports;
    }

    /**
     * An engine calling {@code ports} (e.g. after ops reloaded port timeouts) that shares everything else with this
     * one: timer, threads, classifier, listener, the calls-in-flight count and limits, and the same
     * {@link ResultStore}, so stale and fresh values survive the reload. Screens compiled by this engine keep
     * calling the ports they were compiled with: compile them again against the new engine (e.g. load a new
     * {@link ScreenCatalog}).
     */
    public AggregationEngine<C> withPorts(PortRegistry<C> ports) {
        return new AggregationEngine<>(Objects.requireNonNull(ports, "ports"), customerType, parts);
    }

    /**
     * Port calls whose threads are running now, across all requests, including calls interrupted at their deadline
     * whose threads have not ended yet. Zero when the engine is idle; for health checks and tests.
     */
    public int inFlightCalls() {
        return parts.admission().inFlight();
    }

    /**
     * Validates {@code screen} against the ports; every problem at once in a ScreenDefinitionException. A screen with
     * variants is compiled once per variant, each as a whole screen of its own (a variant's problems name it); the
     * default is returned and holds the others ({@link CompiledScreen#select}, {@link CompiledScreen#variant}).
     */
    public CompiledScreen<C> compile(Screen screen) {
        Objects.requireNonNull(screen, "screen");
        ScreenValidator.Result result = ScreenValidator.validate(screen, ports, customerType);
        List<Problem> problems = new ArrayList<>(result.problems());
        problems.addAll(VariantValidator.validate(screen));
        Map<Variant, ScreenValidator.Result> variants = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            for (Variant v : screen.variants()) {
                ScreenValidator.Result r = ScreenValidator.validate(v.applyTo(screen), ports, customerType);
                r.problems().forEach(p -> problems.add(inVariant(screen, v, p)));
                variants.put(v, r);
            }
        }
        if (!problems.isEmpty()) {
            throw new ScreenDefinitionException(problems);
        }
        Map<Variant, CompiledScreen<C>> compiled = new LinkedHashMap<>();
        variants.forEach((v, r) -> {
            Screen applied = v.applyTo(screen);
            compiled.put(v, new CompiledScreen<>(applied, v, r.order(), used(applied), Map.of(), parts.batchSize()));
        });
        return new CompiledScreen<>(screen, null, result.order(), used(screen), compiled, parts.batchSize());
    }

    /** A problem of a variant's screen, said of the variant: where it was written, the section's line kept too. */
    private static Problem inVariant(Screen screen, Variant v, Problem p) {
        String where = p.origin().map(o -> " (" + o + ")").orElse("");
        return new Problem(v.origin().or(p::origin), "variant '" + v.name() + "' of screen '" + screen.id()
                + "' is not a valid screen on its own: " + p.message() + where, p.hint());
    }

    private Map<String, PortDefinition<C, ?, ?>> used(Screen screen) {
        Map<String, PortDefinition<C, ?, ?>> used = new HashMap<>();
        for (Section s : screen.sections()) {
            used.put(s.port(), ports.find(s.port()).orElseThrow());
            s.fields().forEach(f -> used.put(f.port(), ports.find(f.port()).orElseThrow()));
        }
        return used;
    }

    /**
     * Runs the whole screen; blocks until every section is done, at the latest when the budget is spent, or until a
     * required section failed (then sections not done are FAILED with DEPENDENCY_FAILED). When it returns, every
     * call of the request still running has been interrupted.
     */
    public ScreenResult execute(CompiledScreen<C> screen, ScreenRequest<C> request) {
        Objects.requireNonNull(screen, "screen");
        return run(screen, request, screen.sectionIds(), screen.sectionIds());
    }

    /**
     * Refetches one section: runs it and the sections it transitively takes input from; the result holds only that
     * section (its failure, if a required section it needed failed).
     */
    public ScreenResult execute(CompiledScreen<C> screen, ScreenRequest<C> request, String onlySectionId) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(onlySectionId, "onlySectionId");
        Screen s = screen.screen();
        if (s.section(onlySectionId).isEmpty()) {
            throw new IllegalArgumentException("screen '" + s.id() + "' has no section '" + onlySectionId
                    + "'; its sections: " + s.sections().stream().map(Section::id).toList());
        }
        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(onlySectionId));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (needed.add(id)) {
                switch (s.section(id).orElseThrow().from()) {
                    case Source.SectionRef r -> todo.push(r.id());
                    case Source.Each e -> todo.push(e.sectionId());
                    default -> {
                    }
                }
            }
        }
        return run(screen, request, needed, Set.of(onlySectionId));
    }

    private ScreenResult run(CompiledScreen<C> screen, ScreenRequest<C> request, Set<String> sections,
            Set<String> shown) {
        Objects.requireNonNull(request, "request");
        Set<String> missing = new TreeSet<>();
        for (Section s : screen.screen().sections()) {
            if (sections.contains(s.id()) && s.from() instanceof Source.Param p && !request.params().containsKey(p.name())) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("screen '" + screen.id() + "' needs the request parameter(s) " + missing
                    + ": add them with ScreenRequest.builder(customer).param(name, value)");
        }
        ScreenResult result = Execution.run(parts, screen.screen(), screen.graph(), request, sections, shown);
        return screen.variant().equals(Variant.DEFAULT) ? result : result.answeredBy(screen.variant());
    }

    /** Collects the engine's parts; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder<C> {
        private final Class<C> customerType;
        private PortRegistry<C> ports;
        private Timer timer = Timer.system();
        private ThreadFactory threads = Thread.ofVirtual().name("hearth-call-", 0).factory();
        private FailureClassifier classifier = failure -> Optional.empty();
        private ExecutionListener listener = new ExecutionListener() {
        };
        private ResultStore resultStore;
        private int resultStoreCapacity = 10_000;
        private int maxInFlightCalls = 10_000;
        private double optionalShare = 0.8;
        private Duration minimumCallTime = Duration.ofMillis(5);
        private boolean batching = true;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder(Class<C> customerType) {
            this.customerType = Objects.requireNonNull(customerType, "customerType");
        }

        public Builder<C> ports(PortRegistry<C> ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** Time and deadlines; {@link Timer#system()} unless set. */
        public Builder<C> timer(Timer timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /** One thread per call; virtual threads named {@code hearth-call-N} unless set. */
        public Builder<C> threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threadFactory");
            return this;
        }

        /** Consulted first about every failure; when it answers empty the engine's default decides. */
        public Builder<C> failureClassifier(FailureClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "failureClassifier");
            return this;
        }

        public Builder<C> listener(ExecutionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where good values for {@code freshness} and stale fallbacks are kept; an in-memory LRU store of
         * {@link #resultStoreCapacity} entries unless set. Setting it replaces the capacity.
         */
        public Builder<C> resultStore(ResultStore resultStore) {
            this.resultStore = Objects.requireNonNull(resultStore, "resultStore");
            return this;
        }

        /** Entries of the default in-memory store (10 000 unless set); replaces a store set before. */
        public Builder<C> resultStoreCapacity(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("resultStoreCapacity must be at least 1, was " + entries);
            }
            this.resultStoreCapacity = entries;
            this.resultStore = null;
            return this;
        }

        /**
         * The most port calls in flight across the engine (10 000 unless set); a call the screen needs is not started
         * at this many (BULKHEAD_FULL). There is no queue.
         */
        public Builder<C> maxInFlightCalls(int hard) {
            if (hard < 1) {
                throw new IllegalArgumentException("maxInFlightCalls must be at least 1, was " + hard);
            }
            this.maxInFlightCalls = hard;
            return this;
        }

        /**
         * The share of {@link #maxInFlightCalls} optional calls may use (0.8 unless set): an optional call is not
         * started (BULKHEAD_FULL) at {@code maxInFlightCalls × optionalShare} calls in flight, keeping the rest for
         * calls the screen needs. Greater than 0, at most 1.
         */
        public Builder<C> optionalShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("optionalShare must be greater than 0 and at most 1, was " + share);
            }
            this.optionalShare = share;
            return this;
        }

        /**
         * A call is not started (TIMEOUT) when the remaining budget cannot fit a call: less than this is left
         * before its effective deadline (5 ms unless set; zero only refuses calls whose deadline has passed).
         */
        public Builder<C> minimumCallTime(Duration minimum) {
            Objects.requireNonNull(minimum, "minimumCallTime");
            if (minimum.isNegative()) {
                throw new IllegalArgumentException("minimumCallTime must not be negative, was " + minimum);
            }
            this.minimumCallTime = minimum;
            return this;
        }

        /**
         * Whether per-item calls to a port with a batch form ({@link PortDefinition#withBatch}) that are ready
         * together in one request are coalesced into batch calls (true unless set). Off: every call carries one
         * input, the same calls as without batch forms.
         */
        public Builder<C> batching(boolean on) {
            this.batching = on;
            return this;
        }

        /** The most items per batch call for a port that sets no {@link PortDefinition#withBatchSize} (50 unless set). */
        public Builder<C> batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        public AggregationEngine<C> build() {
            if (ports == null) {
                throw new IllegalStateException("AggregationEngine needs its ports: call .ports(PortRegistry) before build()");
            }
            return new AggregationEngine<>(this);
        }
    }
}
