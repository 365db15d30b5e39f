package dev.hearth.dsl.internal;

import dev.hearth.dsl.Fallback;
import dev.hearth.dsl.Field;
import dev.hearth.dsl.Origin;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.Problem;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks a screen against the registered ports; reports every problem at once and orders the sections. */
public final class ScreenValidator<C> {
    /** The problems found and, when there are none, the sections in an order where inputs come first. */
    public record Result(List<Problem> problems, List<Section> order) {
    }

    /** A section's output as its dependents see it: its type and, for lists, the element type (or null). */
    private record Shape(Class<?> type, Class<?> element) {
    }

    private final Screen screen;
    private final PortRegistry<C> ports;
    private final Class<C> customerType;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Section> byId = new LinkedHashMap<>();

    private ScreenValidator(Screen screen, PortRegistry<C> ports, Class<C> customerType) {
        this.screen = screen;
        this.ports = ports;
        this.customerType = customerType;
    }

    public static <C> Result validate(Screen screen, PortRegistry<C> ports, Class<C> customerType) {
        ScreenValidator<C> v = new ScreenValidator<>(screen, ports, customerType);
        v.run();
        return new Result(List.copyOf(v.problems), v.problems.isEmpty() ? v.order() : List.of());
    }

    private void run() {
        if (screen.sections().isEmpty()) {
            add(screen.origin(), "screen '" + screen.id() + "' has no sections", "add at least one section");
        }
        for (Section s : screen.sections()) {
            Section first = byId.putIfAbsent(s.id(), s);
            if (first != null) {
                add(s.origin(), "section id '" + s.id() + "' is used twice" + at(first.origin()),
                        "give each section its own id");
            }
        }
        for (Section s : screen.sections()) {
            section(s);
        }
        cycles();
        requiredOnOptional();
    }

    private void section(Section s) {
        String label = "section '" + s.id() + "'";
        requiredOrOptional(s.statesRequired(), s.statesOptional(), label, s.origin(),
                "a required section that fails fails the screen; an optional one degrades to its fallback");
        deadline(s.deadline(), label, s.originOf("deadline"));
        Optional<PortDefinition<C, ?, ?>> port = port(s.port(), label, s.originOf("port"));
        fallback(s.isRequired(), s.fallback(), port.filter(p -> !(s.from() instanceof Source.Each)), label,
                s.originOf("fallback"));
        freshness(s, label);
        port.ifPresent(p -> input(s, p, label));
        Set<String> names = new HashSet<>();
        for (Field f : s.fields()) {
            String fieldLabel = "field '" + f.name() + "' of " + label;
            if (!names.add(f.name())) {
                add(f.origin(), fieldLabel + " is declared twice", "give each field its own name");
            }
            requiredOrOptional(f.statesRequired(), f.statesOptional(), fieldLabel, f.origin(),
                    "a required field that fails fails its item; an optional one takes its fallback");
            deadline(f.deadline(), fieldLabel, f.originOf("deadline"));
            Optional<PortDefinition<C, ?, ?>> fieldPort = port(f.port(), fieldLabel, f.originOf("port"));
            fallback(f.isRequired(), f.fallback(), fieldPort, fieldLabel, f.originOf("fallback"));
            if (fieldPort.isPresent() && port.isPresent()) {
                Class<?> item = itemType(s, port.get());
                Class<?> takes = fieldPort.get().inputType();
                if (!takes.isAssignableFrom(item)) {
                    add(f.originOf("port"), fieldLabel + " gives port '" + f.port() + "' the section's item, a "
                            + item.getSimpleName() + ", but the port takes a " + takes.getSimpleName(),
                            "a field's port takes the item it enriches (" + item.getSimpleName()
                                    + "); choose a port that takes " + item.getSimpleName());
                }
            }
        }
    }

    private void input(Section s, PortDefinition<?, ?, ?> port, String label) {
        Optional<Origin> where = s.originOf("from");
        Class<?> takes = port.inputType();
        switch (s.from()) {
            case Source.Customer c -> {
                if (!takes.isAssignableFrom(customerType)) {
                    add(where, label + " gives port '" + port.name() + "' the customer, a " + customerType.getSimpleName()
                            + ", but the port takes a " + takes.getSimpleName(),
                            "take the input from a section or parameter of type " + takes.getSimpleName());
                }
            }
            case Source.Param p -> {
                if (!takes.isAssignableFrom(String.class)) {
                    add(where, label + " gives port '" + port.name() + "' the parameter '" + p.name()
                            + "', a String, but the port takes a " + takes.getSimpleName(),
                            "take the input from a section whose port returns " + takes.getSimpleName());
                }
            }
            case Source.SectionRef r -> shapeOf(r.id(), label, where).ifPresent(shape -> {
                if (!takes.isAssignableFrom(shape.type())) {
                    add(where, label + " gives port '" + port.name() + "' section '" + r.id() + "', a "
                            + describe(shape) + ", but the port takes a " + takes.getSimpleName(),
                            "take the input from a section returning " + takes.getSimpleName()
                                    + (shape.element() != null ? ", or fan out with `from: { each: " + r.id() + " }`" : ""));
                }
            });
            case Source.Each e -> shapeOf(e.sectionId(), label, where).ifPresent(shape -> {
                if (shape.element() == null) {
                    add(where, label + " fans out with `each: " + e.sectionId() + "`, but section '" + e.sectionId()
                            + "' returns a " + shape.type().getSimpleName() + ", not a list",
                            "use `from: { section: " + e.sectionId() + " }`, or fan out over a section whose port returns a list");
                } else if (!takes.isAssignableFrom(shape.element())) {
                    add(where, label + " gives port '" + port.name() + "' each item of section '" + e.sectionId()
                            + "', a " + shape.element().getSimpleName() + ", but the port takes a " + takes.getSimpleName(),
                            "fan out over a list of " + takes.getSimpleName() + ", or call a port that takes "
                                    + shape.element().getSimpleName());
                }
            });
        }
    }

    /** The shape of section {@code id}, reporting it when unknown; empty too when its port is unknown. */
    private Optional<Shape> shapeOf(String id, String label, Optional<Origin> where) {
        Section dep = byId.get(id);
        if (dep == null) {
            add(where, label + " takes its input from unknown section '" + id + "'",
                    Suggestions.hint(id, byId.keySet(), "sections"));
            return Optional.empty();
        }
        return ports.find(dep.port()).map(p -> dep.from() instanceof Source.Each
                ? new Shape(List.class, p.outputType())
                : new Shape(p.outputType(), p.elementType().orElse(null)));
    }

    private static Class<?> itemType(Section s, PortDefinition<?, ?, ?> port) {
        return s.from() instanceof Source.Each ? port.outputType() : port.elementType().orElse(port.outputType());
    }

    private static String describe(Shape shape) {
        return shape.element() == null ? shape.type().getSimpleName() : "List<" + shape.element().getSimpleName() + ">";
    }

    private Optional<PortDefinition<C, ?, ?>> port(String name, String label, Optional<Origin> where) {
        Optional<PortDefinition<C, ?, ?>> port = ports.find(name);
        if (port.isEmpty()) {
            add(where, label + " calls unknown port '" + name + "'", Suggestions.hint(name, ports.names(), "ports"));
        }
        return port;
    }

    private void requiredOrOptional(boolean required, boolean optional, String label, Optional<Origin> where,
            String why) {
        if (required && optional) {
            add(where, label + " says both `required: true` and `optional: true`", "keep one: " + why);
        } else if (!required && !optional) {
            add(where, label + " says neither `required: true` nor `optional: true`", "state one: " + why);
        }
    }

    private void deadline(Optional<Duration> deadline, String label, Optional<Origin> where) {
        deadline.filter(d -> d.compareTo(screen.budget()) > 0).ifPresent(d -> add(where,
                "deadline " + Durations.format(d) + " of " + label + " is longer than the screen's budget "
                        + Durations.format(screen.budget()),
                "shorten the deadline to at most " + Durations.format(screen.budget()) + ", or raise the budget"));
    }

    /** {@code port} is empty when unknown or when the output is a list anyway (fan-out). */
    private void fallback(boolean required, Optional<Fallback> fallback, Optional<PortDefinition<C, ?, ?>> port,
            String label, Optional<Origin> where) {
        if (fallback.isEmpty()) {
            return;
        }
        if (required) {
            add(where, label + " is required but declares a fallback",
                    "a required failure fails the screen (or item), so the fallback is never shown: "
                            + "make it `optional: true` or remove the fallback");
        }
        if (fallback.get() instanceof Fallback.Empty && port.isPresent() && port.get().elementType().isEmpty()) {
            add(where, "fallback `empty` of " + label + " needs a port returning a list, but port '" + port.get().name()
                    + "' returns a " + port.get().outputType().getSimpleName(),
                    "use `fallback: omit` or `fallback: { value: ... }`");
        }
    }

    /** A stale max age within the freshness can never find a value: anything that young is served fresh. */
    private void freshness(Section s, String label) {
        if (s.freshness().isEmpty() || !(s.fallback().orElse(null) instanceof Fallback.Stale stale)) {
            return;
        }
        Duration freshness = s.freshness().get();
        if (stale.maxAge().compareTo(freshness) <= 0) {
            add(s.originOf("fallback"), "fallback `stale: " + Durations.format(stale.maxAge()) + "` of " + label
                    + " is not longer than its freshness " + Durations.format(freshness)
                    + ", so it is never used: a value that young is served without calling the port",
                    "make the stale max age longer than " + Durations.format(freshness)
                            + " (how old a value may be when the port fails), or remove it");
        }
    }

    private static Optional<String> dependency(Section s) {
        return switch (s.from()) {
            case Source.SectionRef r -> Optional.of(r.id());
            case Source.Each e -> Optional.of(e.sectionId());
            default -> Optional.empty();
        };
    }

    private void cycles() {
        Set<String> reported = new HashSet<>();
        for (Section start : byId.values()) {
            List<String> path = new ArrayList<>();
            Section at = start;
            while (at != null && !path.contains(at.id())) {
                path.add(at.id());
                at = dependency(at).map(byId::get).orElse(null);
            }
            if (at != null && at.id().equals(start.id()) && reported.add(String.join(",", new java.util.TreeSet<>(path)))) {
                path.add(start.id());
                add(start.originOf("from"), "sections form a cycle: " + String.join(" -> ", path),
                        "a section cannot wait, directly or not, on itself; take one of them from `customer` or a param");
            }
        }
    }

    private void requiredOnOptional() {
        for (Section s : byId.values()) {
            if (!s.isRequired()) {
                continue;
            }
            List<String> chain = new ArrayList<>(List.of(s.id()));
            Section at = dependency(s).map(byId::get).orElse(null);
            while (at != null && !chain.contains(at.id())) {
                chain.add(at.id());
                if (at.isOptional()) {
                    add(s.originOf("from"), "required section '" + s.id() + "' depends on optional section '"
                            + at.id() + "' (" + String.join(" -> ", chain) + ")",
                            "make '" + at.id() + "' required or '" + s.id()
                                    + "' optional: a required section cannot wait on one that may be missing");
                    break;
                }
                at = dependency(at).map(byId::get).orElse(null);
            }
        }
    }

    /** Inputs before the sections that take them; ties keep screen order. */
    private List<Section> order() {
        List<Section> order = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>();
        for (Section s : screen.sections()) {
            visit(s, order, done);
        }
        return List.copyOf(order);
    }

    private void visit(Section s, List<Section> order, Map<String, Boolean> done) {
        if (done.putIfAbsent(s.id(), true) != null) {
            return;
        }
        dependency(s).map(byId::get).ifPresent(dep -> visit(dep, order, done));
        order.add(s);
    }

    private void add(Optional<Origin> where, String message, String hint) {
        problems.add(new Problem(where, where.isPresent() ? message : "screen '" + screen.id() + "': " + message, hint));
    }

    private static String at(Optional<Origin> origin) {
        return origin.map(o -> " (first at " + o + ")").orElse("");
    }
}
