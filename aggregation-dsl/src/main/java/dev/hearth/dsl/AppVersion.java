package dev.hearth.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An app version as dotted numbers ({@code 2.10.1}), compared number by number, so {@code 2.10 > 2.9}; missing
 * numbers count as zero ({@code 2 = 2.0 = 2.0.0}). A pre-release or build suffix ({@code 2.1.0-beta},
 * {@code 2.1.0+42}) is ignored. Immutable; equality follows the comparison.
 */
public final class AppVersion implements Comparable<AppVersion> {
    private static final Pattern FORM = Pattern.compile("v?(\\d{1,9}(?:\\.\\d{1,9}){0,7})(?:[-+].*)?");
    private final int[] parts;

    private AppVersion(int[] parts) {
        int length = parts.length;
        while (length > 1 && parts[length - 1] == 0) {
            length--;
        }
        this.parts = Arrays.copyOf(parts, length);
    }

    /** The version {@code text} names, or empty when it is no dotted version (an app's header is not trusted). */
    public static Optional<AppVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AppVersion(Arrays.stream(m.group(1).split("\\.")).mapToInt(Integer::parseInt).toArray()));
    }

    /** A version just above this one and below every greater version of at most {@code depth} numbers. */
    AppVersion justAbove(int depth) {
        int[] longer = Arrays.copyOf(parts, Math.max(parts.length, depth) + 1);
        longer[longer.length - 1] = 1;
        return new AppVersion(longer);
    }

    int depth() {
        return parts.length;
    }

    @Override
    public int compareTo(AppVersion other) {
        Objects.requireNonNull(other, "other");
        for (int i = 0; i < Math.max(parts.length, other.parts.length); i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < other.parts.length ? other.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    /** {@code 2.10.1}; trailing zeros after the first number left out ({@code 2.0} is {@code 2}). */
    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        for (int p : parts) {
            out.add(String.valueOf(p));
        }
        return out.size() == 1 ? out.getFirst() + ".0" : String.join(".", out);
    }
}
