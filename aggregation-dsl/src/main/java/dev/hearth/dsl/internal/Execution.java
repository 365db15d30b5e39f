package dev.hearth.dsl.internal;

import dev.hearth.dsl.Degradation;
import dev.hearth.dsl.EnrichedItem;
import dev.hearth.dsl.Fallback;
import dev.hearth.dsl.Field;
import dev.hearth.dsl.ItemCount;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.ScreenRequest;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.Source;
import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.StoredResult;
import java.time.Duration;
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

/**
 * One request for one screen: the section graph, started on a call thread, waited for by the caller until every
 * section is done, or until a required section failed (the screen cannot be shown, so nothing else is waited for).
 */
public final class Execution<C> {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final EngineParts parts;
    private final Screen screen;
    private final SectionGraph<C> graph;
    private final ScreenRequest<C> request;
    private final Calls<C> calls;
    private final Instant budgetEnd;

    private Execution(EngineParts parts, Screen screen, SectionGraph<C> graph, ScreenRequest<C> request) {
        this.parts = parts;
        this.screen = screen;
        this.graph = graph;
        this.request = request;
        this.calls = new Calls<>(parts, request, screen.id());
        // The budget counts from the request's arrival: what it waited before the engine began it is spent already
        // (docs/adr/031-answer-on-time.md). Every section's and field's deadline is capped at this end.
        this.budgetEnd = parts.timer().now().plus(screen.budget()).minus(request.waited());
    }

    /**
     * Runs {@code sections} (already closed over their inputs) of {@code graph} and returns the results of
     * {@code shown}. Every call thread still running when this returns has been interrupted, and no call of this
     * request starts after it.
     */
    public static <C> ScreenResult run(EngineParts parts, Screen screen, SectionGraph<C> graph, ScreenRequest<C> request,
            Set<String> sections, Set<String> shown) {
        Execution<C> execution = new Execution<>(parts, screen, graph, request);
        CompletableFuture<ScreenResult> result = new CompletableFuture<>();
        Thread coordinator = parts.threads().newThread(() -> execution.start(sections, shown, result));
        coordinator.start();
        try {
            return result.join();
        } finally {
            execution.calls.close();
        }
    }

    private void start(Set<String> sections, Set<String> shown, CompletableFuture<ScreenResult> result) {
        try {
            // By position in the graph (inputs first); null for a section this request does not run.
            @SuppressWarnings("unchecked")
            CompletableFuture<SectionOutcome>[] futures = new CompletableFuture[graph.size()];
            @SuppressWarnings("unchecked")
            CompletableFuture<Optional<Object>>[] own = new CompletableFuture[graph.size()];
            int running = 0;
            boolean[] off = disabled(); // null: none (no allocation when nothing is switched off)
            for (SectionGraph.Node<C> n : graph.nodes()) {
                if (off != null && off[n.index()] && sections.contains(n.section().id())) {
                    // Switched off: no input waited for, no call, no field; dependents are off with it.
                    futures[n.index()] = done(new SectionOutcome(
                            SectionResult.omitted(n.section().id(), Reason.DISABLED), null, null));
                    own[n.index()] = done(Optional.empty());
                    running++;
                } else if (sections.contains(n.section().id())) {
                    CompletableFuture<Optional<Object>> ownValue = new CompletableFuture<>();
                    CompletableFuture<SectionOutcome> outcome = gate(n, input(n, futures, own)
                            .thenCompose(in -> guarded(n, in, ownValue)), futures);
                    // Whatever did not settle the section's own value earlier, its outcome does (a dependent that
                    // waits for the fields reads the outcome itself).
                    outcome.whenComplete((o, e) -> {
                        if (e != null) {
                            ownValue.completeExceptionally(e);
                        } else {
                            ownValue.complete(Optional.ofNullable(o.raw()));
                        }
                    });
                    futures[n.index()] = outcome;
                    own[n.index()] = ownValue;
                    running++;
                }
            }
            // Fail fast: once a required section failed the screen cannot be shown, so do not wait for the rest.
            // Attached after the array is complete, so assembling never sees it change.
            CompletableFuture<?>[] all = new CompletableFuture<?>[running];
            int i = 0;
            for (CompletableFuture<SectionOutcome> f : futures) {
                if (f != null) {
                    all[i++] = f;
                    f.thenAccept(outcome -> {
                        if (outcome.failure() != null) {
                            result.complete(assemble(futures, shown));
                        }
                    });
                }
            }
            CompletableFuture.allOf(all).whenComplete((v, e) -> result.complete(assemble(futures, shown)));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * By position in the graph: whether the section is switched off for this request. An optional section named in
     * {@link ScreenRequest#disabled()}, and an optional one whose input is off (inputs come first, so one pass does).
     * A required section never is: validation keeps required sections off optional inputs, so none is left without
     * its input either. Null when the request switches nothing off.
     */
    private boolean[] disabled() {
        if (request.disabled().isEmpty()) {
            return null;
        }
        boolean[] off = new boolean[graph.size()];
        for (SectionGraph.Node<C> n : graph.nodes()) {
            Section s = n.section();
            off[n.index()] = !s.isRequired()
                    && (request.disabled().contains(s.id()) || n.hasInput() && off[n.input()]);
        }
        return off;
    }

    /**
     * The results so far. A section not done yet (only when a required section failed first) is FAILED with
     * DEPENDENCY_FAILED: it was abandoned because the screen it belongs to cannot be shown.
     */
    private ScreenResult assemble(CompletableFuture<SectionOutcome>[] futures, Set<String> shown) {
        List<SectionResult> results = new ArrayList<>();
        List<ScreenFailure> failures = new ArrayList<>();
        for (SectionGraph.Node<C> n : graph.display()) {
            Section s = n.section();
            CompletableFuture<SectionOutcome> f = futures[n.index()];
            if (f == null) {
                continue;
            }
            SectionOutcome outcome = f.getNow(null);
            if (outcome == null) {
                outcome = new SectionOutcome(SectionResult.failed(s.id(), Reason.DEPENDENCY_FAILED), null, null);
            }
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

    /**
     * The input of {@code n} once it exists; {@link Optional#empty()} when its input section has no data. That is
     * the input section's own value as soon as its own call(s) answered, unless {@code n} reads its fields (decided
     * when the screen was compiled: {@link SectionGraph.Node#waitsForInputFields()}): then the value it has when it
     * is done.
     */
    private CompletableFuture<Optional<Object>> input(SectionGraph.Node<C> n, CompletableFuture<SectionOutcome>[] futures,
            CompletableFuture<Optional<Object>>[] own) {
        return switch (n.section().from()) {
            case Source.Customer c -> CompletableFuture.completedFuture(Optional.of(request.customer()));
            case Source.Param p -> CompletableFuture.completedFuture(Optional.of(request.params().get(p.name())));
            case Source.SectionRef r -> inputOf(n, futures, own);
            case Source.Each e -> inputOf(n, futures, own);
        };
    }

    private static CompletableFuture<Optional<Object>> inputOf(SectionGraph.Node<?> n,
            CompletableFuture<SectionOutcome>[] futures, CompletableFuture<Optional<Object>>[] own) {
        if (n.waitsForInputFields()) {
            return futures[n.input()].thenApply(o -> Optional.ofNullable(o.raw()));
        }
        return own[n.input()];
    }

    /**
     * The outcome of {@code s} once the section it takes its input from is done too: if that one ended with no data
     * (a required field of its item failed after {@code s} had started), {@code s} is DEPENDENCY_FAILED at once,
     * exactly as if it had waited, without waiting for its own calls (they end with the request, as any call does).
     */
    private CompletableFuture<SectionOutcome> gate(SectionGraph.Node<C> n, CompletableFuture<SectionOutcome> outcome,
            CompletableFuture<SectionOutcome>[] futures) {
        if (!n.hasInput()) {
            return outcome;
        }
        CompletableFuture<SectionOutcome> gated = new CompletableFuture<>();
        futures[n.input()].whenComplete((theirs, e) -> {
            if (e != null) {
                gated.completeExceptionally(e);
            } else if (theirs.raw() == null) {
                gated.complete(noInput(n.section()));
            } else {
                outcome.whenComplete((mine, f) -> {
                    if (f != null) {
                        gated.completeExceptionally(f);
                    } else {
                        gated.complete(mine);
                    }
                });
            }
        });
        return gated;
    }

    private SectionOutcome noInput(Section s) {
        String from = s.from() instanceof Source.Each e ? e.sectionId() : ((Source.SectionRef) s.from()).id();
        return failed(s, new CallOutcome.Failure(Reason.DEPENDENCY_FAILED, false,
                "section '" + s.id() + "' has no input: section '" + from + "' produced no data"));
    }

    private CompletableFuture<SectionOutcome> guarded(SectionGraph.Node<C> n, Optional<Object> input,
            CompletableFuture<Optional<Object>> own) {
        try {
            return section(n, input, own).exceptionally(e -> bug(n.section(), e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(bug(n.section(), e));
        }
    }

    private SectionOutcome bug(Section s, Throwable e) {
        LOG.error("section '{}' of screen '{}' broke the engine", s.id(), screen.id(), e);
        return failed(s, new CallOutcome.Failure(Reason.ERROR, false, "section '" + s.id() + "' failed: " + e));
    }

    /**
     * Calls and enriches {@code s}; completes {@code own} with its own value (what dependents that do not read its
     * fields get) as soon as its own call(s) answered, before its fields.
     */
    private CompletableFuture<SectionOutcome> section(SectionGraph.Node<C> n, Optional<Object> input,
            CompletableFuture<Optional<Object>> own) {
        Section s = n.section();
        if (input.isEmpty()) {
            return done(noInput(s));
        }
        Instant now = parts.timer().now();
        Instant deadline = s.deadline().map(now::plus).filter(t -> t.isBefore(budgetEnd)).orElse(budgetEnd);
        PortDefinition<C, ?, ?> port = n.port();
        Optional<Duration> stale = staleAge(s.fallback());
        if (s.from() instanceof Source.Each) {
            List<?> in = (List<?>) input.get();
            List<CompletableFuture<CallOutcome>> answers = new ArrayList<>();
            List<CompletableFuture<Item>> items = new ArrayList<>();
            // The items' calls are ready together: a port with a batch form gets them as batch calls.
            Calls.Gather gather = calls.gather();
            try {
                for (int i = 0; i < in.size(); i++) {
                    String path = s.id() + "[" + i + "]";
                    CompletableFuture<CallOutcome> answer = call(port, in.get(i), path, s.id(), deadline, s.isRequired(),
                            s.freshness(), stale);
                    answers.add(answer);
                    items.add(answer.thenCompose(o -> item(n, o, path)));
                }
            } finally {
                calls.flush(gather);
            }
            if (!n.valueAfterFields()) {
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                        .thenRun(() -> own.complete(answered(answers)));
            }
            return list(s, items);
        }
        return call(port, input.get(), s.id(), s.id(), deadline, s.isRequired(), s.freshness(), stale)
                .thenCompose(outcome -> {
                    if (outcome instanceof CallOutcome.Failure f) {
                        return done(failed(s, f));
                    }
                    CallOutcome.Success ok = (CallOutcome.Success) outcome;
                    Object value = ok.value();
                    if (!n.valueAfterFields()) {
                        own.complete(Optional.of(value instanceof List<?> list && !s.fields().isEmpty()
                                ? java.util.Collections.unmodifiableList(new ArrayList<>(list)) : value));
                    }
                    if (s.fields().isEmpty()) {
                        return done(new SectionOutcome(result(s, ok, value, List.of()), value, null));
                    }
                    if (value instanceof List<?> list) {
                        List<CompletableFuture<Item>> items = new ArrayList<>();
                        // Every item's fields are ready together: a field's port with a batch form gets them batched.
                        Calls.Gather gather = calls.gather();
                        try {
                            for (int i = 0; i < list.size(); i++) {
                                items.add(enrich(n, list.get(i), s.id() + "[" + i + "]"));
                            }
                        } finally {
                            calls.flush(gather);
                        }
                        return list(s, items).thenApply(o -> o.raw() == null ? o
                                : new SectionOutcome(restamp(s, ok, o.result()), o.raw(), null));
                    }
                    return enrich(n, value, s.id()).thenApply(item -> item.isFailed() ? failed(s, item.failure())
                            : new SectionOutcome(result(s, ok, item.data(), item.degraded()), item.raw(), null));
                });
    }

    /**
     * One port call under the section's or field's policy: within {@code freshness} a stored value is served without
     * calling; a good value is stored when there is a policy; on failure a stored value at most {@code stale} old is
     * served instead. {@code template} is the section id or {@code section.field}, without item indexes.
     */
    private CompletableFuture<CallOutcome> call(PortDefinition<C, ?, ?> port, Object input, String path, String template,
            Instant deadline, boolean required, Optional<Duration> freshness, Optional<Duration> stale) {
        if (freshness.isEmpty() && stale.isEmpty()) {
            return calls.call(port, input, path, deadline, required);
        }
        ResultKey key = new ResultKey(screen.id(), template, port.name(), input);
        if (freshness.isPresent()) {
            Optional<StoredResult> hit = stored(key, freshness.get());
            if (hit.isPresent()) {
                return done(new CallOutcome.Success(hit.get().value(), hit.get().fetchedAt(), null));
            }
        }
        return calls.call(port, input, path, deadline, required).thenCompose(outcome -> {
            if (outcome instanceof CallOutcome.Success ok) {
                try {
                    parts.results().put(key, ok.value(), parts.timer().now(), keepFor(freshness, stale));
                } catch (RuntimeException e) {
                    LOG.warn("result store failed to keep the value of {}", path, e);
                }
                return done(outcome);
            }
            CallOutcome.Failure failure = (CallOutcome.Failure) outcome;
            if (stale.isEmpty() || failure.notFound()) {
                return done(outcome);
            }
            // On a thread of its own: a timeout completes the call on the timer's thread, which a store that waits
            // for a network (Redis, up to its deadline) must not hold (docs/adr/019-result-store-on-redis.md).
            return onOwnThread(() -> stored(key, stale.get())
                    .<CallOutcome>map(last -> new CallOutcome.Success(last.value(), last.fetchedAt(), failure))
                    .orElse(outcome));
        });
    }

    /** {@code work} run on a new engine thread (a virtual one in Hearth). */
    private <T> CompletableFuture<T> onOwnThread(java.util.function.Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        parts.threads().newThread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).start();
        return result;
    }

    /** The stored value of {@code key} if it was fetched at most {@code maxAge} ago. */
    private Optional<StoredResult> stored(ResultKey key, Duration maxAge) {
        Instant oldest = parts.timer().now().minus(maxAge);
        try {
            return parts.results().get(key).filter(r -> !r.fetchedAt().isBefore(oldest));
        } catch (RuntimeException e) {
            LOG.warn("result store failed to look up {}", key.path(), e);
            return Optional.empty();
        }
    }

    /** How long a stored value can be of use: the longer of the two windows (at least one is present). */
    private static Duration keepFor(Optional<Duration> freshness, Optional<Duration> stale) {
        Duration fresh = freshness.orElse(Duration.ZERO);
        Duration old = stale.orElse(Duration.ZERO);
        return fresh.compareTo(old) >= 0 ? fresh : old;
    }

    private static Optional<Duration> staleAge(Optional<Fallback> fallback) {
        return fallback.filter(Fallback.Stale.class::isInstance).map(f -> ((Fallback.Stale) f).maxAge());
    }

    /**
     * The own value of a fan-out whose fields cannot leave an item out: the values of the calls that succeeded, in
     * order; none when every call failed (then the section fails).
     */
    private static Optional<Object> answered(List<CompletableFuture<CallOutcome>> answers) {
        List<Object> values = new ArrayList<>();
        for (CompletableFuture<CallOutcome> answer : answers) {
            if (answer.join() instanceof CallOutcome.Success ok) {
                values.add(ok.value());
            }
        }
        return !answers.isEmpty() && values.isEmpty() ? Optional.empty()
                : Optional.of(java.util.Collections.unmodifiableList(values));
    }

    /** A fan-out item: a stale one is shown and listed as degraded, with the failure's reason. */
    private CompletableFuture<Item> item(SectionGraph.Node<C> n, CallOutcome outcome, String path) {
        if (outcome instanceof CallOutcome.Failure f) {
            return CompletableFuture.completedFuture(Item.failed(f));
        }
        CallOutcome.Success ok = (CallOutcome.Success) outcome;
        return enrich(n, ok.value(), path).thenApply(item -> {
            if (item.isFailed()) {
                return item;
            }
            Item dated = ok.asOf() == null ? item : item.withAsOf(ok.asOf());
            return ok.isStale() ? dated.plus(new Degradation(path, ok.staleBecause().reason())) : dated;
        });
    }

    /** Items that failed are left out and listed as degraded; when every item failed, the section fails. */
    private CompletableFuture<SectionOutcome> list(Section s, List<CompletableFuture<Item>> items) {
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            List<Object> raw = new ArrayList<>();
            List<Degradation> degraded = new ArrayList<>();
            CallOutcome.Failure firstFailure = null;
            Instant oldest = null;
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i).join();
                if (item.isFailed()) {
                    degraded.add(new Degradation(s.id() + "[" + i + "]", item.failure().reason()));
                    firstFailure = firstFailure == null ? item.failure() : firstFailure;
                } else {
                    data.add(item.data());
                    raw.add(item.raw());
                    degraded.addAll(item.degraded());
                    if (item.asOf() != null && (oldest == null || item.asOf().isBefore(oldest))) {
                        oldest = item.asOf();
                    }
                }
            }
            if (!items.isEmpty() && data.isEmpty()) {
                return failed(s, firstFailure);
            }
            List<Object> shown = java.util.Collections.unmodifiableList(data);
            // A PARTIAL fan-out says how many items it asked for and returned; its degraded paths index the items
            // asked for (i above), not its data.
            SectionResult result = !degraded.isEmpty() && s.from() instanceof Source.Each
                    ? SectionResult.partial(s.id(), shown, degraded, oldest, new ItemCount(items.size(), data.size()))
                    : result(s, shown, degraded, oldest);
            return new SectionOutcome(result, java.util.Collections.unmodifiableList(raw), null);
        });
    }

    /** The item with each field's value; a failed required field fails the item. */
    private CompletableFuture<Item> enrich(SectionGraph.Node<C> n, Object value, String path) {
        Section s = n.section();
        if (s.fields().isEmpty()) {
            return CompletableFuture.completedFuture(Item.ok(value, value, List.of()));
        }
        Map<Field, CompletableFuture<CallOutcome>> calls = new LinkedHashMap<>();
        List<PortDefinition<C, ?, ?>> fieldPorts = n.fieldPorts();
        for (int k = 0; k < fieldPorts.size(); k++) {
            Field f = s.fields().get(k);
            Instant now = parts.timer().now();
            Instant deadline = f.deadline().map(now::plus).filter(t -> t.isBefore(budgetEnd)).orElse(budgetEnd);
            // A required field of an optional section can only degrade it, so its call is not a required one.
            calls.put(f, call(fieldPorts.get(k), value, path + "." + f.name(), s.id() + "." + f.name(), deadline,
                    s.isRequired() && f.isRequired(), Optional.empty(), staleAge(f.fallback())));
        }
        return CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<Degradation> degraded = new ArrayList<>();
            for (var entry : calls.entrySet()) {
                Field f = entry.getKey();
                CallOutcome outcome = entry.getValue().join();
                if (outcome instanceof CallOutcome.Success ok) {
                    fields.put(f.name(), ok.value());
                    if (ok.isStale()) {
                        degraded.add(new Degradation(path + "." + f.name(), ok.staleBecause().reason()));
                    }
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
                        case Fallback.Stale tooOld -> {
                            // No value young enough: absent, as with no usable fallback.
                        }
                    }
                }
            }
            return Item.ok(new EnrichedItem(value, fields), value, degraded);
        });
    }

    private static SectionResult result(Section s, Object data, List<Degradation> degraded, Instant asOf) {
        if (degraded.isEmpty()) {
            return asOf == null ? SectionResult.ok(s.id(), data) : SectionResult.ok(s.id(), data, asOf);
        }
        return SectionResult.partial(s.id(), data, degraded, asOf);
    }

    /** The result of a section whose own call came to {@code ok}: STALE if it was the last good value. */
    private static SectionResult result(Section s, CallOutcome.Success ok, Object data, List<Degradation> degraded) {
        if (ok.isStale()) {
            return SectionResult.stale(s.id(), data, ok.asOf(), ok.staleBecause().reason(), degraded);
        }
        return result(s, data, degraded, ok.asOf());
    }

    /** A list section's result, made STALE or dated by its own call's outcome. */
    private static SectionResult restamp(Section s, CallOutcome.Success ok, SectionResult listed) {
        if (!ok.isStale() && ok.asOf() == null) {
            return listed;
        }
        return result(s, ok, listed.data(), listed.degraded());
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
            // No value young enough (or no input to look one up by): failed, as with no usable fallback.
            case Fallback.Stale st -> SectionResult.failed(s.id(), f.reason());
            case null -> SectionResult.failed(s.id(), f.reason());
        };
        return new SectionOutcome(result, null, null);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

}
