package dev.hearth.home.observability;

import com.codahale.metrics.health.HealthCheck;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Healthy when at least one screen is loaded; names them. */
public final class ScreensHealthCheck extends HealthCheck {
    public static final String NAME = "screens";

    private final Supplier<Set<String>> screens;

    public ScreensHealthCheck(Supplier<Set<String>> screens) {
        this.screens = Objects.requireNonNull(screens, "screens");
    }

    @Override
    protected Result check() {
        Set<String> loaded = new TreeSet<>(screens.get());
        if (loaded.isEmpty()) {
            return Result.unhealthy("no screens loaded: every screen request answers 404");
        }
        return Result.healthy("%d loaded %s", loaded.size(), loaded);
    }
}
