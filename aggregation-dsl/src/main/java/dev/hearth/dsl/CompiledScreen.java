package dev.hearth.dsl;

import dev.hearth.dsl.internal.SectionGraph;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A screen validated against an engine's ports, ready to execute. Immutable and thread-safe; made by
 * {@link AggregationEngine#compile(Screen)}.
 *
 * <p>A screen with {@link Variant}s is compiled into one CompiledScreen per variant, each a whole screen of its own
 * (its own graph, ports and plan), all made once when the screen is compiled. The one {@code compile} returns is
 * the default ({@link #variant()} {@code default}); {@link #select(Client)} picks the one an app gets and
 * {@link #variant(String)} finds one by name.
 *
 * @param <C> the type of the customer: the engine's, whose requests alone it runs with
 */
public final class CompiledScreen<C> {
    private final Screen screen;
    private final String variant;
    private final Variant definition;
    private final Map<String, PortDefinition<C, ?, ?>> ports;
    private final SectionGraph<C> graph;
    private final Set<String> sectionIds;
    /** The engine's batch size for ports that set none; 0 when its batching is off. */
    private final int batchSize;
    /** The variants in the order they are tried (highest priority first, then as written); empty on a variant. */
    private final List<Selectable<C>> selection;
    /** Every variant by name, the default ({@code this}) first; only on the default. */
    private final Map<String, CompiledScreen<C>> byName;

    private record Selectable<C>(Variant variant, CompiledScreen<C> compiled) {
    }

    /**
     * {@code definition} is the variant compiled (null: the default), {@code variants} the default's variants,
     * compiled already (empty on a variant); {@code batchSize} the engine's (0: its batching is off).
     */
    CompiledScreen(Screen screen, Variant definition, List<Section> order, Map<String, PortDefinition<C, ?, ?>> ports,
            Map<Variant, CompiledScreen<C>> variants, int batchSize) {
        this.batchSize = batchSize;
        this.screen = screen;
        this.definition = definition;
        this.variant = definition == null ? Variant.DEFAULT : definition.name();
        this.ports = Map.copyOf(ports);
        this.graph = SectionGraph.of(screen, order, this.ports);
        Set<String> ids = new LinkedHashSet<>();
        screen.sections().forEach(s -> ids.add(s.id()));
        this.sectionIds = Collections.unmodifiableSet(ids);
        Comparator<Selectable<C>> byPriority = Comparator.comparingInt(
                (Selectable<C> s) -> s.variant().priority().orElse(Integer.MIN_VALUE)).reversed();
        this.selection = variants.entrySet().stream().map(e -> new Selectable<>(e.getKey(), e.getValue()))
                .sorted(byPriority).toList(); // stable: ties (which never overlap) keep the file's order
        Map<String, CompiledScreen<C>> names = new LinkedHashMap<>();
        names.put(variant, this);
        variants.forEach((v, c) -> names.put(v.name(), c));
        this.byName = Collections.unmodifiableMap(names);
    }

    public String id() {
        return screen.id();
    }

    /**
     * The screen as this compiled screen runs it: on the default, the screen as written (its variants included);
     * on a variant, the variant's sections applied to the default's (and no variants).
     */
    public Screen screen() {
        return screen;
    }

    /** Which variant this is: its name, or {@value Variant#DEFAULT}. */
    public String variant() {
        return variant;
    }

    /** The variant this was compiled from ({@code when}, changes); empty on the default. */
    public Optional<Variant> definition() {
        return Optional.ofNullable(definition);
    }

    /**
     * The variant {@code client} gets: the highest-priority variant whose {@code when} it matches, else this (the
     * default): a walk over the few variants, compiled at load (the caller parses the app's version into
     * {@code client} once per request).
     */
    public CompiledScreen<C> select(Client client) {
        Objects.requireNonNull(client, "client");
        for (Selectable<C> s : selection) {
            if (s.variant().matches(client)) {
                return s.compiled();
            }
        }
        return this;
    }

    /** The variant named {@code name} ({@value Variant#DEFAULT}: the default), as compiled once. */
    public Optional<CompiledScreen<C>> variant(String name) {
        return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
    }

    /** Every variant by name, the default first, then as written; on a variant, itself alone. */
    public Map<String, CompiledScreen<C>> variants() {
        return byName;
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
        return "CompiledScreen[" + screen.id() + (variant.equals(Variant.DEFAULT) ? "" : " variant " + variant) + "]";
    }
}
