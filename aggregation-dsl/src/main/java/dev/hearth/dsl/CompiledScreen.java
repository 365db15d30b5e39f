package dev.hearth.dsl;

import java.util.List;
import java.util.Map;

/**
 * A screen validated against an engine's ports, ready to execute. Immutable and thread-safe; made by
 * {@link AggregationEngine#compile(Screen)}.
 *
 * @param <C> the type of the customer: the engine's, whose requests alone it runs with
 */
public final class CompiledScreen<C> {
    private final Screen screen;
    private final List<Section> order;
    private final Map<String, PortDefinition<C, ?, ?>> ports;

    CompiledScreen(Screen screen, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports) {
        this.screen = screen;
        this.order = List.copyOf(order);
        this.ports = Map.copyOf(ports);
    }

    public String id() {
        return screen.id();
    }

    public Screen screen() {
        return screen;
    }

    /** The sections, inputs first. */
    List<Section> order() {
        return order;
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
