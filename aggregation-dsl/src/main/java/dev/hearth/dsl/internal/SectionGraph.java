package dev.hearth.dsl.internal;

import dev.hearth.dsl.Field;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled screen's sections as the engine runs them, worked out once when the screen is compiled so that no
 * request looks anything up by name: each section with its port and its fields' ports, the position of the section
 * it takes its input from, and whether it waits for that section's fields ({@link Inputs#waitsForFields}). Execution
 * and {@code ScreenPlan} both read it, so the plan shows what the engine does. Immutable and thread-safe.
 */
public final class SectionGraph<C> {
    /**
     * One section.
     *
     * @param index              its position in {@link #nodes()} (inputs first)
     * @param section            the section
     * @param port               its port
     * @param fieldPorts         the port of each of its fields, in the fields' order
     * @param input              the position of the section it takes its input from ({@code from: section} or
     *                           {@code each}); -1 when it takes the customer or a parameter
     * @param waitsForInputFields whether it starts only once that section is done, fields included; otherwise as
     *                           soon as that section's own call(s) answered
     * @param valueAfterFields   whether its own value (what its dependents get) is known only once its fields are
     *                           done: the fields leave items out ({@link Inputs#waitsForFields})
     */
    public record Node<C>(int index, Section section, PortDefinition<C, ?, ?> port,
            List<PortDefinition<C, ?, ?>> fieldPorts, int input, boolean waitsForInputFields,
            boolean valueAfterFields) {
        public Node {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(port, "port");
            fieldPorts = List.copyOf(fieldPorts);
        }

        public boolean hasInput() {
            return input >= 0;
        }
    }

    private final List<Node<C>> nodes;
    private final List<Node<C>> display;

    private SectionGraph(List<Node<C>> nodes, List<Node<C>> display) {
        this.nodes = List.copyOf(nodes);
        this.display = List.copyOf(display);
    }

    /**
     * The graph of {@code screen}, whose sections {@code order} lists inputs first (as validation ordered them),
     * calling {@code ports} (every port the screen names).
     */
    public static <C> SectionGraph<C> of(Screen screen, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports) {
        Map<String, Node<C>> byId = new HashMap<>();
        List<Node<C>> nodes = new ArrayList<>(order.size());
        for (Section s : order) {
            PortDefinition<C, ?, ?> port = port(ports, s.port());
            List<PortDefinition<C, ?, ?>> fieldPorts = new ArrayList<>(s.fields().size());
            for (Field f : s.fields()) {
                fieldPorts.add(port(ports, f.port()));
            }
            String from = switch (s.from()) {
                case Source.SectionRef r -> r.id();
                case Source.Each e -> e.sectionId();
                default -> null;
            };
            Node<C> input = from == null ? null : byId.get(from);
            if (from != null && input == null) {
                throw new IllegalArgumentException("section '" + s.id() + "' of screen '" + screen.id()
                        + "' takes its input from '" + from + "', which does not come before it");
            }
            Node<C> node = new Node<>(nodes.size(), s, port, fieldPorts, input == null ? -1 : input.index(),
                    input != null && input.valueAfterFields(), Inputs.waitsForFields(s, port));
            nodes.add(node);
            byId.put(s.id(), node);
        }
        List<Node<C>> display = new ArrayList<>(nodes.size());
        for (Section s : screen.sections()) {
            display.add(Objects.requireNonNull(byId.get(s.id()), () -> "section '" + s.id() + "' is not ordered"));
        }
        return new SectionGraph<>(nodes, display);
    }

    private static <C> PortDefinition<C, ?, ?> port(Map<String, PortDefinition<C, ?, ?>> ports, String name) {
        PortDefinition<C, ?, ?> port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no port '" + name + "' among " + ports.keySet());
        }
        return port;
    }

    /** The sections, inputs first. */
    public List<Node<C>> nodes() {
        return nodes;
    }

    /** The same nodes in the screen's (display) order. */
    public List<Node<C>> display() {
        return display;
    }

    public int size() {
        return nodes.size();
    }
}
