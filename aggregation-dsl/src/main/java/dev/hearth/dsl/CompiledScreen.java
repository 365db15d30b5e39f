package dev.hearth.dsl;

import dev.hearth.dsl.internal.SectionGraph;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A screen validated against an engine's ports, ready to execute. Immutable and thread-safe; made by
 * {@link AggregationEngine#compile(Screen)}.
 *
 * @param <C> the type of the customer: the engine's, whose requests alone it runs with
 */
public final class CompiledScreen<C> {
    private final Screen screen;
    private final Map<String, PortDefinition<C, ?, ?>> ports;
    private final SectionGraph<C> graph;
    private final Set<String> sectionIds;

    CompiledScreen(Screen screen, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports) {
        this.screen = screen;
        this.ports = Map.copyOf(ports);
        this.graph = SectionGraph.of(screen, order, this.ports);
        Set<String> ids = new LinkedHashSet<>();
        screen.sections().forEach(s -> ids.add(s.id()));
        this.sectionIds = java.util.Collections.unmodifiableSet(ids);
    }

    public String id() {
        return screen.id();
    }

    public Screen screen() {
        return screen;
    }

    /**
     * The sections as the engine runs them: inputs resolved to positions, ports to definitions, and which
     * dependents wait for their input's fields, all decided here, once.
     */
    SectionGraph<C> graph() {
        return graph;
    }

    /** Every section id, in display order. */
    Set<String> sectionIds() {
        return sectionIds;
    }

    /** The ports the screen calls, by name, as they were when it was compiled. */
    Map<String, PortDefinition<C, ?, ?>> ports() {
        return ports;
    }

    @Override
    public String toString() {
        return "CompiledScreen[" + screen.id() + "]";
    }
}
