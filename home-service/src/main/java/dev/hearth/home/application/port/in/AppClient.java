package dev.hearth.home.application.port.in;

import java.util.Locale;
import java.util.Optional;

/**
 * The app that asks for a screen, as its request says: its platform (e.g. {@code ios}, {@code android}; lower case)
 * and its version (e.g. {@code 2.1.0}), each empty when not given. What a screen's variants and kill switches select
 * on. Values are not judged here: one a screen does not know selects its default.
 */
public record AppClient(Optional<String> platform, Optional<String> version) {
    /** The most characters of a value kept; a longer one is not a platform or a version. */
    public static final int MAX_LENGTH = 64;
    /** An app that said neither. */
    public static final AppClient UNKNOWN = new AppClient(Optional.empty(), Optional.empty());

    public AppClient {
        platform = clean(platform).map(value -> value.toLowerCase(Locale.ROOT));
        version = clean(version);
    }

    /** From the request's header values (null when absent). */
    public static AppClient of(String platform, String version) {
        return new AppClient(Optional.ofNullable(platform), Optional.ofNullable(version));
    }

    private static Optional<String> clean(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty() && v.length() <= MAX_LENGTH);
    }
}
