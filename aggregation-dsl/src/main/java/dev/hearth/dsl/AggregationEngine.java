package dev.hearth.dsl;

import dev.hearth.dsl.internal.EngineParts;
import dev.hearth.dsl.internal.Execution;
import dev.hearth.dsl.internal.ScreenValidator;
import dev.hearth.dsl.spi.ExecutionListener;
import dev.hearth.dsl.spi.FailureClassifier;
import dev.hearth.dsl.spi.Timer;
import java.util.ArrayDeque;
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
 * deadline and what is left of the screen's budget), identical calls of one request made once. Immutable and
 * thread-safe: one engine serves all requests.
 */
public final class AggregationEngine {
    private final PortRegistry ports;
    private final Optional<Class<?>> customerType;
    private final EngineParts parts;

    private AggregationEngine(Builder b) {
        this.ports = b.ports;
        this.customerType = Optional.ofNullable(b.customerType);
        FailureClassifier custom = b.classifier;
        this.parts = new EngineParts(b.timer, b.threads, custom, b.listener);
    }

    public static Builder builder() {
        return new Builder();
    }

    public PortRegistry ports() {
        return ports;
    }

    /** Validates {@code screen} against the ports; every problem at once in a ScreenDefinitionException. */
    public CompiledScreen compile(Screen screen) {
        Objects.requireNonNull(screen, "screen");
        ScreenValidator.Result result = ScreenValidator.validate(screen, ports, customerType);
        if (!result.problems().isEmpty()) {
            throw new ScreenDefinitionException(result.problems());
        }
        Map<String, PortDefinition<?, ?>> used = new HashMap<>();
        for (Section s : screen.sections()) {
            used.put(s.port(), ports.find(s.port()).orElseThrow());
            s.fields().forEach(f -> used.put(f.port(), ports.find(f.port()).orElseThrow()));
        }
        return new CompiledScreen(screen, result.order(), used);
    }

    /** Runs the whole screen; blocks until every section is done, at the latest when the budget is spent. */
    public ScreenResult execute(CompiledScreen screen, ScreenRequest request) {
        Objects.requireNonNull(screen, "screen");
        Set<String> all = new LinkedHashSet<>();
        screen.screen().sections().forEach(s -> all.add(s.id()));
        return run(screen, request, all, all);
    }

    /**
     * Refetches one section: runs it and the sections it transitively takes input from; the result holds only that
     * section (its failure, if a required section it needed failed).
     */
    public ScreenResult execute(CompiledScreen screen, ScreenRequest request, String onlySectionId) {
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

    private ScreenResult run(CompiledScreen screen, ScreenRequest request, Set<String> sections, Set<String> shown) {
        Objects.requireNonNull(request, "request");
        Set<String> missing = new TreeSet<>();
        for (Section s : screen.screen().sections()) {
            if (sections.contains(s.id()) && s.from() instanceof Source.Param p && !request.params().containsKey(p.name())) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("screen '" + screen.id() + "' needs the request parameter(s) " + missing
                    + ": add them with ScreenRequest.builder().param(name, value)");
        }
        return Execution.run(parts, screen.screen(), screen.order(), screen.ports(), request, sections, shown);
    }

    /** Collects the engine's parts; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private PortRegistry ports;
        private Class<?> customerType;
        private Timer timer = Timer.system();
        private ThreadFactory threads = Thread.ofVirtual().name("hearth-call-", 0).factory();
        private FailureClassifier classifier = failure -> Optional.empty();
        private ExecutionListener listener = new ExecutionListener() {
        };

        private Builder() {
        }

        public Builder ports(PortRegistry ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** The type of {@link ScreenRequest#customer()}, so `from: customer` can be type-checked. */
        public Builder customerType(Class<?> customerType) {
            this.customerType = Objects.requireNonNull(customerType, "customerType");
            return this;
        }

        /** Time and deadlines; {@link Timer#system()} unless set. */
        public Builder timer(Timer timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /** One thread per call; virtual threads named {@code hearth-call-N} unless set. */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threadFactory");
            return this;
        }

        /** Consulted first about every failure; when it answers empty the engine's default decides. */
        public Builder failureClassifier(FailureClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "failureClassifier");
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public AggregationEngine build() {
            if (ports == null) {
                throw new IllegalStateException("AggregationEngine needs its ports: call .ports(PortRegistry) before build()");
            }
            return new AggregationEngine(this);
        }
    }
}
