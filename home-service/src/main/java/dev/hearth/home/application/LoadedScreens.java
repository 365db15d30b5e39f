package dev.hearth.home.application;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.ScreenCatalog;
import dev.hearth.ports.domain.model.CustomerId;
import java.util.Objects;

/**
 * The engine and the screens compiled against it, always together: a reload swaps both at once, so a
 * request never runs a screen against ports it was not compiled for.
 */
public record LoadedScreens(AggregationEngine<CustomerId> engine, ScreenCatalog<CustomerId> catalog) {
    public LoadedScreens {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(catalog, "catalog");
    }
}
