package dev.hearth.dsl;

import dev.hearth.dsl.internal.Durations;
import dev.hearth.dsl.internal.SectionGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The worst case a compiled screen's deadlines allow, without calling anything: every call (a section, or a field of
 * a section's items) with the time it may take — the smallest of its port's timeout, its own deadline and the
 * screen's budget — and when it may start and end if every call before it takes all the time it may. A section
 * starts when the call of the section it takes its input from is done, without waiting for that section's fields;
 * only when the fields decide its input (a list with a required field, which leaves out the items whose field
 * failed) does it start when that section is done, its fields included. A field starts when its section's call is
 * done; the calls of a fan-out ({@code each}) and the fields of each item run at once, so each counts once.
 * The critical path is the chain that ends last; the screen never takes longer than its budget.
 *
 * <p>Made by {@link #of(CompiledScreen)}, for one variant of a screen (a variant is a screen of its own: plan each of
 * {@link CompiledScreen#variants()}). Immutable and thread-safe.
 */
public final class ScreenPlan {
    /** Which bound gives a call its time; ties go to the first of port timeout, deadline, budget. */
    public enum Limit {
        PORT_TIMEOUT("port timeout"), DEADLINE("deadline"), BUDGET("budget");

        private final String label;

        Limit(String label) {
            this.label = label;
        }

        /** How the plan prints it: {@code port timeout}, {@code deadline}, {@code budget}. */
        public String label() {
            return label;
        }
    }

    /**
     * One call of the plan, named as logs and metrics name it: {@code accounts} for a section (all its fan-out calls
     * at once), {@code accounts.balance} for a field of its items.
     *
     * @param name       the section id, or {@code section.field}
     * @param port       the port it calls
     * @param input      what it takes: {@code customer}, {@code param accountId}, {@code section account},
     *                   {@code each cardList} or, for a field, {@code each item of accounts}
     * @param required   whether its failure fails the screen (a field: its item)
     * @param allowed    the most the call may take
     * @param limitedBy  which bound gives {@code allowed}
     * @param startsAfter the step whose end is this one's start; empty when it starts with the request
     * @param start      when it starts at the latest, from the start of the request
     * @param end        {@code start + allowed}; may pass the budget, which cuts every call short
     * @param batchSize  for per-item calls (a fan-out's, a field's) to a port with a batch form when the engine
     *                   batches: the most items one call carries ({@code in batches of 50}); 0 for one call per item
     */
    public record Step(String name, String port, String input, boolean required, Duration allowed, Limit limitedBy,
            Optional<String> startsAfter, Duration start, Duration end, int batchSize) {
        /** A step of one call per item. */
        public Step(String name, String port, String input, boolean required, Duration allowed, Limit limitedBy,
                Optional<String> startsAfter, Duration start, Duration end) {
            this(name, port, input, required, allowed, limitedBy, startsAfter, start, end, 0);
        }

        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(allowed, "allowed");
            Objects.requireNonNull(limitedBy, "limitedBy");
            Objects.requireNonNull(startsAfter, "startsAfter");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        /** {@code accounts (400ms)}. */
        public String label() {
            return name + " (" + Durations.format(allowed) + ")";
        }
    }

    private final String screenId;
    private final Duration budget;
    private final List<Step> steps;
    private final List<Step> criticalPath;
    private final String variant;
    private final String when;

    private ScreenPlan(String screenId, Duration budget, List<Step> steps, List<Step> criticalPath, String variant,
            String when) {
        this.screenId = screenId;
        this.variant = variant;
        this.when = when;
        this.budget = budget;
        this.steps = List.copyOf(steps);
        this.criticalPath = List.copyOf(criticalPath);
    }

    /** The plan with the port timeouts the screen was compiled with (those its engine's ports carry). */
    public static ScreenPlan of(CompiledScreen<?> screen) {
        Objects.requireNonNull(screen, "screen");
        Map<String, ? extends PortDefinition<?, ?, ?>> ports = screen.ports();
        return of(screen, name -> Optional.ofNullable(ports.get(name)).flatMap(PortDefinition::timeout));
    }

    /**
     * The plan with other port timeouts, e.g. to see what a change to ops' settings would do.
     *
     * @param portTimeouts a port's timeout by its name; empty for a port without one
     */
    public static ScreenPlan of(CompiledScreen<?> screen, Function<String, Optional<Duration>> portTimeouts) {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(portTimeouts, "portTimeouts");
        Duration budget = screen.screen().budget();
        Map<String, Step> byName = new LinkedHashMap<>();
        List<? extends SectionGraph.Node<?>> nodes = screen.graph().nodes();
        Step[] lastOfSection = new Step[nodes.size()];
        Step[] callOfSection = new Step[nodes.size()];
        for (SectionGraph.Node<?> n : nodes) {
            Section s = n.section();
            // The same decision the engine runs on (made when the screen was compiled).
            Optional<Step> after = !n.hasInput() ? Optional.empty()
                    : Optional.of(n.waitsForInputFields() ? lastOfSection[n.input()] : callOfSection[n.input()]);
            Duration start = after.map(Step::end).orElse(Duration.ZERO);
            Step call = step(s.id(), s.port(), input(s.from()), s.isRequired(), s.deadline(), portTimeouts, budget,
                    after.map(Step::name), start);
            if (s.from() instanceof Source.Each) {
                call = batched(call, screen.batchSize(s.port()));
            }
            byName.put(call.name(), call);
            Step last = call;
            for (Field f : s.fields()) {
                Step field = batched(step(s.id() + "." + f.name(), f.port(), "each item of " + s.id(), f.isRequired(),
                        f.deadline(), portTimeouts, budget, Optional.of(call.name()), call.end()),
                        screen.batchSize(f.port()));
                byName.put(field.name(), field);
                if (field.end().compareTo(last.end()) > 0) {
                    last = field;
                }
            }
            lastOfSection[n.index()] = last;
            callOfSection[n.index()] = call;
        }
        Step slowest = null;
        for (Step step : byName.values()) {
            if (slowest == null || step.end().compareTo(slowest.end()) > 0) {
                slowest = step;
            }
        }
        List<Step> path = new ArrayList<>();
        for (Step at = slowest; at != null; at = at.startsAfter().map(byName::get).orElse(null)) {
            path.add(at);
        }
        Collections.reverse(path);
        return new ScreenPlan(screen.id(), budget, new ArrayList<>(byName.values()), path, screen.variant(),
                screen.definition().map(Variant::describeWhen).orElse("every other app"));
    }

    private static Step step(String name, String port, String input, boolean required, Optional<Duration> deadline,
            Function<String, Optional<Duration>> portTimeouts, Duration budget, Optional<String> after, Duration start) {
        Duration allowed = budget;
        Limit limit = Limit.BUDGET;
        if (deadline.isPresent() && deadline.get().compareTo(allowed) <= 0) {
            allowed = deadline.get();
            limit = Limit.DEADLINE;
        }
        Optional<Duration> timeout = Objects.requireNonNull(portTimeouts.apply(port), "timeout of port " + port);
        if (timeout.isPresent() && timeout.get().compareTo(allowed) <= 0) {
            allowed = timeout.get();
            limit = Limit.PORT_TIMEOUT;
        }
        return new Step(name, port, input, required, allowed, limit, after, start, start.plus(allowed));
    }

    private static Step batched(Step step, int batchSize) {
        return batchSize == 0 ? step : new Step(step.name(), step.port(), step.input(), step.required(), step.allowed(),
                step.limitedBy(), step.startsAfter(), step.start(), step.end(), batchSize);
    }

    private static String input(Source from) {
        return switch (from) {
            case Source.Customer c -> "customer";
            case Source.Param p -> "param " + p.name();
            case Source.SectionRef r -> "section " + r.id();
            case Source.Each e -> "each " + e.sectionId();
        };
    }

    /** The variant planned: its name, or {@value Variant#DEFAULT}. Each variant has a plan of its own. */
    public String variant() {
        return variant;
    }

    public String screenId() {
        return screenId;
    }

    public Duration budget() {
        return budget;
    }

    /** Every call, inputs first; a section's fields right after it. */
    public List<Step> steps() {
        return steps;
    }

    /** The chain of calls that ends last, first call first. */
    public List<Step> criticalPath() {
        return criticalPath;
    }

    /** The end of the critical path as the deadlines allow it, before the budget cuts it short. */
    public Duration criticalPathLength() {
        return criticalPath.isEmpty() ? Duration.ZERO : criticalPath.getLast().end();
    }

    /** Whether the budget is shorter than the critical path, so a slow enough chain is cut at the budget. */
    public boolean cappedByBudget() {
        return criticalPathLength().compareTo(budget) > 0;
    }

    /** The longest the screen can take: the critical path, at most the budget. */
    public Duration worstCase() {
        return cappedByBudget() ? budget : criticalPathLength();
    }

    /**
     * {@code critical path: accounts (400ms) -> accounts.balance (300ms) = 700ms, within the budget 800ms}, or
     * {@code ... = 900ms, capped by the budget 800ms}.
     */
    public String criticalPathLine() {
        return "critical path: " + String.join(" -> ", criticalPath.stream().map(Step::label).toList()) + " = "
                + Durations.format(criticalPathLength()) + (cappedByBudget() ? ", capped by the budget " : ", within the budget ")
                + Durations.format(budget);
    }

    /** The plan as a person reads it: one line per call (fields indented under their section), then the critical path. */
    public String render() {
        int width = steps.stream().mapToInt(s -> s.name().length()).max().orElse(0) + 2;
        int portWidth = steps.stream().mapToInt(s -> s.port().length()).max().orElse(0);
        int inputWidth = steps.stream().mapToInt(s -> s.input().length()).max().orElse(0);
        StringBuilder out = new StringBuilder("screen ").append(screenId);
        if (!variant.equals(Variant.DEFAULT)) {
            out.append(", variant ").append(variant).append(" (").append(when).append(")");
        }
        out.append(" (budget ").append(Durations.format(budget)).append(")\n");
        for (Step s : steps) {
            String name = s.name().contains(".") ? "  ." + s.name().substring(s.name().indexOf('.') + 1) : s.name();
            out.append(String.format("  %-" + width + "s port %-" + portWidth + "s  from %-" + inputWidth
                            + "s  %-8s  %6s (%s)  at %6s -> %6s%n", name, s.port(), s.input(),
                    s.required() ? "required" : "optional", Durations.format(s.allowed()), s.limitedBy().label(),
                    Durations.format(s.start()), Durations.format(s.end())));
            if (s.batchSize() > 0) {
                // A batch call is one call for up to this many items (the trace names how many it carried).
                out.setLength(out.length() - System.lineSeparator().length());
                out.append("  in batches of ").append(s.batchSize()).append(System.lineSeparator());
            }
        }
        out.append(criticalPathLine()).append('\n');
        out.append("worst case: ").append(Durations.format(worstCase())).append('\n');
        return out.toString();
    }

    @Override
    public String toString() {
        return "ScreenPlan[" + screenId + " " + criticalPathLine() + "]";
    }
}
