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
    /** The engine's batch size for ports that set none; 0 when its batching is off. */
    private final int batchSize;

    CompiledScreen(Screen screen, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports) {
        this(screen, order, ports, 0);
    }

    CompiledScreen(Screen screen, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports, int batchSize) {
        this.batchSize = batchSize;
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

    /**
     * How many items one call of {@code port} carries when its per-item calls are batched: the port's batch size, or
     * the engine's; 0 when the port has no batch form or the engine's batching is off (one call per item).
     */
    int batchSize(String port) {
        PortDefinition<C, ?, ?> definition = ports.get(port);
        if (batchSize == 0 || definition == null || !definition.batches()) {
            return 0;
        }
        return definition.batchSize().orElse(batchSize);
    }

    @Override
    public String toString() {
        return "CompiledScreen[" + screen.id() + "]";
    }
}
