package dev.hearth.dsl;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The app a request comes from, as far as a screen's variants care: its platform (lower case, e.g. {@code ios}) and
 * its version, each empty when not said. A version that is no dotted number is treated as not said.
 */
public record Client(Optional<String> platform, Optional<AppVersion> version) {
    /** An app that said nothing: it gets every screen's default. */
    public static final Client UNKNOWN = new Client(Optional.empty(), Optional.empty());

    public Client {
        platform = Objects.requireNonNull(platform, "platform").map(p -> p.strip().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty());
        Objects.requireNonNull(version, "version");
    }

    /** From the values an app sent (null or unparsable: not said). */
    public static Client of(String platform, String version) {
        return new Client(Optional.ofNullable(platform), AppVersion.parse(version));
    }
}
