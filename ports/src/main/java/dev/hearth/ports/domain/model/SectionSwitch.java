package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A kill switch: one optional section of one screen switched off, for every platform or for one, with who did it,
 * when and why. While it is stored, the section answers {@code OMITTED} with reason {@code DISABLED} and makes no call
 * (docs/adr/027-kill-switches.md).
 *
 * @param platform the app platform it is off for (lower case, as the app's {@code X-App-Platform}); empty: every one
 * @param actor    who switched it off (the vocabulary of {@link RolloutChange}: {@code admin <user>} ...)
 * @param reason   why, as given; empty when none was
 */
public record SectionSwitch(String screen, String section, Optional<String> platform, Instant switchedAt, String actor,
        Optional<String> reason) {
    /** The most characters of a screen or section id, and of a platform. */
    public static final int MAX_ID = 100;
    public static final int MAX_PLATFORM = 64;

    public SectionSwitch {
        Checks.text(screen, "screen");
        Checks.text(section, "section");
        if (screen.length() > MAX_ID || section.length() > MAX_ID) {
            throw new IllegalArgumentException("screen and section ids are at most " + MAX_ID + " characters");
        }
        Objects.requireNonNull(platform, "platform");
        platform = platform.map(SectionSwitch::platform);
        Objects.requireNonNull(switchedAt, "switchedAt");
        Checks.text(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * {@code value} as a switch's platform: stripped and lower-cased, as apps' {@code X-App-Platform} is read.
     *
     * @throws IllegalArgumentException unless it is 1 to {@value #MAX_PLATFORM} of a-z 0-9 . _ -
     */
    public static String platform(String value) {
        String p = Objects.requireNonNull(value, "platform").strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty() || p.length() > MAX_PLATFORM || !p.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("platform is 1 to " + MAX_PLATFORM
                    + " of a-z 0-9 . _ - (as the app sends X-App-Platform, e.g. ios), not '"
                    + (p.length() > 70 ? p.substring(0, 70) + "…" : p) + "'");
        }
        return p;
    }

    /** Whether this switch turns {@code section} of {@code screen} off for an app on {@code appPlatform}. */
    public boolean appliesTo(String screen, String section, Optional<String> appPlatform) {
        return this.screen.equals(screen) && this.section.equals(section)
                && (platform.isEmpty() || platform.equals(appPlatform));
    }

    /** Where it applies: {@code home/banners (every platform)} or {@code home/banners (ios)}. */
    public String where() {
        return screen + "/" + section + " (" + platform.orElse("every platform") + ")";
    }

    /** One line for the log and the task's answer. */
    public String describe() {
        return where() + " off since " + switchedAt + " by " + actor + reason.map(r -> ": " + r).orElse("");
    }
}
