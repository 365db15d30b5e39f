package dev.hearth.home.application;

import java.util.Optional;
import java.util.Set;

/** Which sections of a screen are switched off for an app's platform, now (kill switches); read once per request. */
@FunctionalInterface
public interface SectionSwitches {
    /** None switched off. */
    SectionSwitches NONE = (screen, platform) -> Set.of();

    /** The sections of {@code screen} switched off for an app on {@code platform} (empty: it did not say). */
    Set<String> off(String screen, Optional<String> platform);
}
