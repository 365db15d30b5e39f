package dev.hearth.dsl.internal;

import dev.hearth.dsl.Degradation;
import dev.hearth.dsl.EnrichedItem;
import dev.hearth.dsl.Fallback;
import dev.hearth.dsl.Field;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.ScreenRequest;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request for one screen: the section graph, started on a call thread, waited for by the caller. */
public final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final EngineParts parts;
    private final Screen screen;
    private final List<Section> order;
    private final Map<String, PortDefinition<?, ?>> ports;
    private final ScreenRequest request;
    private final Calls calls;
    private final Instant budgetEnd;

    private Execution(EngineParts parts, Screen screen, List<Section> order, Map<String, PortDefinition<?, ?>> ports,
            ScreenRequest request) {
        this.parts = parts;
        this.screen = screen;
        this.order = order;
        this.ports = ports;
        this.request = request;
        this.calls = new Calls(parts, request, screen.id());
        this.budgetEnd = parts.timer().now().plus(screen.budget());
    }

    /**
     * Runs {@code sections} (already closed over their inputs, in input-first {@code order}) and returns the
     * results of {@code shown}. Every call thread still running when this returns has been interrupted.
     */
    public static ScreenResult run(EngineParts parts, Screen screen, List<Section> order,
            Map<String, PortDefinition<?, ?>> ports, ScreenRequest request, Set<String> sections, Set<String> shown) {
        Execution execution = new Execution(parts, screen, order, ports, request);
        CompletableFuture<ScreenResult> result = new CompletableFuture<>();
        Thread coordinator = parts.threads().newThread(() -> execution.start(sections, shown, result));
        coordinator.start();
        try {
            return result.join();
        } finally {
            execution.calls.interruptAll();
        }
    }

    private void start(Set<String> sections, Set<String> shown, CompletableFuture<ScreenResult> result) {
        try {
            Map<String, CompletableFuture<SectionOutcome>> futures = new LinkedHashMap<>();
            for (Section s : order) {
                if (sections.contains(s.id())) {
                    futures.put(s.id(), input(s, futures).thenCompose(in -> guarded(s, in)));
                }
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new))
                    .whenComplete((v, e) -> result.complete(assemble(futures, shown)));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private ScreenResult assemble(Map<String, CompletableFuture<SectionOutcome>> futures, Set<String> shown) {
        List<SectionResult> results = new ArrayList<>();
        List<ScreenFailure> failures = new ArrayList<>();
        for (Section s : screen.sections()) {
            CompletableFuture<SectionOutcome> f = futures.get(s.id());
            if (f == null) {
                continue;
            }
            SectionOutcome outcome = f.join();
            if (shown.contains(s.id())) {
                results.add(outcome.result());
            }
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
        }
        Optional<ScreenFailure> failure = failures.stream()
                .min(Comparator.comparing(f -> f.reason() == Reason.DEPENDENCY_FAILED));
        return ScreenResult.of(screen.id(), results, failure);
    }

    /** The input of {@code s} once it exists; {@link Optional#empty()} when its input section has no data. */
    private CompletableFuture<Optional<Object>> input(Section s, Map<String, CompletableFuture<SectionOutcome>> futures) {
        return switch (s.from()) {
            case Source.Customer c -> CompletableFuture.completedFuture(Optional.of(request.customer()));
            case Source.Param p -> CompletableFuture.completedFuture(Optional.of(request.params().get(p.name())));
            case Source.SectionRef r -> futures.get(r.id()).thenApply(o -> Optional.ofNullable(o.raw()));
            case Source.Each e -> futures.get(e.sectionId()).thenApply(o -> Optional.ofNullable(o.raw()));
        };
    }

    private CompletableFuture<SectionOutcome> guarded(Section s, Optional<Object> input) {
        try {
            return section(s, input).exceptionally(e -> bug(s, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(bug(s, e));
        }
    }

    private SectionOutcome bug(Section s, Throwable e) {
        LOG.error("section '{}' of screen '{}' broke the engine", s.id(), screen.id(), e);
        return failed(s, new CallOutcome.Failure(Reason.ERROR, false, "section '" + s.id() + "' failed: " + e));
    }

    private CompletableFuture<SectionOutcome> section(Section s, Optional<Object> input) {
        if (input.isEmpty()) {
            String from = s.from() instanceof Source.Each e ? e.sectionId() : ((Source.SectionRef) s.from()).id();
            return done(failed(s, new CallOutcome.Failure(Reason.DEPENDENCY_FAILED, false,
                    "section '" + s.id() + "' has no input: section '" + from + "' produced no data")));
        }
        Instant now = parts.timer().now();
        Instant deadline = s.deadline().map(now::plus).filter(t -> t.isBefore(budgetEnd)).orElse(budgetEnd);
        PortDefinition<?, ?> port = ports.get(s.port());
        if (s.from() instanceof Source.Each) {
            List<?> in = (List<?>) input.get();
            List<CompletableFuture<Item>> items = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
                String path = s.id() + "[" + i + "]";
                items.add(calls.call(port, in.get(i), path, deadline).thenCompose(o -> item(s, o, path)));
            }
            return list(s, items);
        }
        return calls.call(port, input.get(), s.id(), deadline).thenCompose(outcome -> {
            if (outcome instanceof CallOutcome.Failure f) {
                return done(failed(s, f));
            }
            Object value = ((CallOutcome.Success) outcome).value();
            if (s.fields().isEmpty()) {
                return done(new SectionOutcome(SectionResult.ok(s.id(), value), value, null));
            }
            if (value instanceof List<?> list) {
                List<CompletableFuture<Item>> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    items.add(enrich(s, list.get(i), s.id() + "[" + i + "]"));
                }
                return list(s, items);
            }
            return enrich(s, value, s.id()).thenApply(item -> item.isFailed() ? failed(s, item.failure())
                    : new SectionOutcome(result(s, item.data(), item.degraded()), item.raw(), null));
        });
    }

    private CompletableFuture<Item> item(Section s, CallOutcome outcome, String path) {
        if (outcome instanceof CallOutcome.Failure f) {
            return CompletableFuture.completedFuture(Item.failed(f));
        }
        return enrich(s, ((CallOutcome.Success) outcome).value(), path);
    }

    /** Items that failed are left out and listed as degraded; when every item failed, the section fails. */
    private CompletableFuture<SectionOutcome> list(Section s, List<CompletableFuture<Item>> items) {
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            List<Object> raw = new ArrayList<>();
            List<Degradation> degraded = new ArrayList<>();
            CallOutcome.Failure firstFailure = null;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i).join();
                if (item.isFailed()) {
                    degraded.add(new Degradation(s.id() + "[" + i + "]", item.failure().reason()));
                    firstFailure = firstFailure == null ? item.failure() : firstFailure;
                } else {
                    data.add(item.data());
                    raw.add(item.raw());
                    degraded.addAll(item.degraded());
                }
            }
            if (!items.isEmpty() && data.isEmpty()) {
                return failed(s, firstFailure);
            }
            return new SectionOutcome(result(s, java.util.Collections.unmodifiableList(data), degraded),
                    java.util.Collections.unmodifiableList(raw), null);
        });
    }

    /** The item with each field's value; a failed required field fails the item. */
    private CompletableFuture<Item> enrich(Section s, Object value, String path) {
        if (s.fields().isEmpty()) {
            return CompletableFuture.completedFuture(Item.ok(value, value, List.of()));
        }
        Map<Field, CompletableFuture<CallOutcome>> calls = new LinkedHashMap<>();
        for (Field f : s.fields()) {
            Instant now = parts.timer().now();
            Instant deadline = f.deadline().map(now::plus).filter(t -> t.isBefore(budgetEnd)).orElse(budgetEnd);
            calls.put(f, this.calls.call(ports.get(f.port()), value, path + "." + f.name(), deadline));
        }
        return CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<Degradation> degraded = new ArrayList<>();
            for (var entry : calls.entrySet()) {
                Field f = entry.getKey();
                CallOutcome outcome = entry.getValue().join();
                if (outcome instanceof CallOutcome.Success ok) {
                    fields.put(f.name(), ok.value());
                } else if (f.isRequired()) {
                    return Item.failed((CallOutcome.Failure) outcome);
                } else if (((CallOutcome.Failure) outcome).notFound()) {
                    // The port says this item has no such thing (an account in no partner programme): the field is
                    // absent, and nothing is degraded.
                    continue;
                } else {
                    degraded.add(new Degradation(path + "." + f.name(), ((CallOutcome.Failure) outcome).reason()));
                    switch (f.fallback().orElse(Fallback.omit())) {
                        case Fallback.Value fallback -> fields.put(f.name(), fallback.value());
                        case Fallback.Empty empty -> fields.put(f.name(), List.of());
                        case Fallback.Omit omit -> {
                        }
                    }
                }
            }
            return Item.ok(new EnrichedItem(value, fields), value, degraded);
        });
    }

    private static SectionResult result(Section s, Object data, List<Degradation> degraded) {
        return degraded.isEmpty() ? SectionResult.ok(s.id(), data) : SectionResult.partial(s.id(), data, degraded);
    }

    /** A section that has no data: the screen's failure if required, else its fallback. */
    private static SectionOutcome failed(Section s, CallOutcome.Failure f) {
        if (s.isRequired()) {
            return new SectionOutcome(SectionResult.failed(s.id(), f.reason()), null,
                    new ScreenFailure(s.id(), f.reason(), f.notFound(), f.message()));
        }
        SectionResult result = switch (s.fallback().orElse(null)) {
            case Fallback.Value v -> SectionResult.fallback(s.id(), v.value(), f.reason());
            case Fallback.Empty e -> SectionResult.fallback(s.id(), List.of(), f.reason());
            case Fallback.Omit o -> SectionResult.omitted(s.id(), f.reason());
            case null -> SectionResult.failed(s.id(), f.reason());
        };
        return new SectionOutcome(result, null, null);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

}
