package dev.hearth.dsl;

import java.util.Objects;
import java.util.Optional;

/**
 * A range of app versions, written as one or more comparisons that all hold: {@code "<2.0"}, {@code ">=2.0"},
 * {@code ">=1.5 <2.0"}, {@code "=2.3.1"}. Versions compare as {@link AppVersion}s ({@code 2.10 > 2.9}).
 * Immutable; equality is the range's, not its spelling.
 */
public final class VersionRange {
    /** The lower bound (empty: from 0) and whether it is included; likewise the upper bound (empty: no end). */
    private final AppVersion low;
    private final boolean lowIncluded;
    private final AppVersion high;
    private final boolean highIncluded;
    private final String text;

    private VersionRange(AppVersion low, boolean lowIncluded, AppVersion high, boolean highIncluded, String text) {
        this.low = low;
        this.lowIncluded = lowIncluded;
        this.high = high;
        this.highIncluded = highIncluded;
        this.text = text;
    }

    /** The how-to every error about a range ends with. */
    public static final String FORM = "write comparisons of dotted versions that all hold, separated by spaces: "
            + "\"<2.0\", \">=2.0\", \">=1.5 <2.0\" or \"=2.3.1\"";

    /**
     * The range {@code text} describes.
     *
     * @throws IllegalArgumentException saying what is wrong: no comparison, an unknown operator, a version that is
     *     no dotted number, or comparisons no version satisfies ({@code ">=2.0 <1.0"})
     */
    public static VersionRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] terms = text.strip().split("[\\s,]+");
        if (text.isBlank()) {
            throw new IllegalArgumentException("the version range is empty");
        }
        AppVersion low = null;
        boolean lowIn = true;
        AppVersion high = null;
        boolean highIn = true;
        for (String term : terms) {
            String op = term.startsWith(">=") || term.startsWith("<=") ? term.substring(0, 2)
                    : term.startsWith(">") || term.startsWith("<") || term.startsWith("=") ? term.substring(0, 1) : "";
            if (op.isEmpty()) {
                throw new IllegalArgumentException("'" + term + "' in version range \"" + text
                        + "\" has no comparison (<, <=, >, >=, =)");
            }
            String number = term.substring(op.length());
            Optional<AppVersion> parsed = AppVersion.parse(number).filter(v -> !number.contains("-") && !number.contains("+"));
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException("'" + number + "' in version range \"" + text
                        + "\" is not a dotted version like 2.0 or 2.10.1");
            }
            AppVersion v = parsed.get();
            if (op.contains(">") || op.equals("=")) {
                boolean in = !op.equals(">");
                if (low == null || v.compareTo(low) > 0 || (v.equals(low) && !in)) {
                    low = v;
                    lowIn = in;
                }
            }
            if (op.contains("<") || op.equals("=")) {
                boolean in = !op.equals("<");
                if (high == null || v.compareTo(high) < 0 || (v.equals(high) && !in)) {
                    high = v;
                    highIn = in;
                }
            }
        }
        VersionRange range = new VersionRange(low, lowIn, high, highIn, String.join(" ", terms));
        if (range.example().isEmpty()) {
            throw new IllegalArgumentException("no version is in the range \"" + text + "\"");
        }
        return range;
    }

    public boolean contains(AppVersion version) {
        Objects.requireNonNull(version, "version");
        if (low != null && (lowIncluded ? version.compareTo(low) < 0 : version.compareTo(low) <= 0)) {
            return false;
        }
        return high == null || (highIncluded ? version.compareTo(high) <= 0 : version.compareTo(high) < 0);
    }

    /** The versions in both ranges, or empty when none is. */
    public Optional<VersionRange> intersection(VersionRange other) {
        Objects.requireNonNull(other, "other");
        AppVersion lo = low;
        boolean loIn = lowIncluded;
        if (other.low != null && (lo == null || other.low.compareTo(lo) > 0 || (other.low.equals(lo) && !other.lowIncluded))) {
            lo = other.low;
            loIn = other.lowIncluded;
        }
        AppVersion hi = high;
        boolean hiIn = highIncluded;
        if (other.high != null && (hi == null || other.high.compareTo(hi) < 0 || (other.high.equals(hi) && !other.highIncluded))) {
            hi = other.high;
            hiIn = other.highIncluded;
        }
        VersionRange both = new VersionRange(lo, loIn, hi, hiIn, text + " " + other.text);
        return both.example().map(v -> both);
    }

    /** A version in the range (its lowest where it has one), or empty when it holds none. */
    public Optional<AppVersion> example() {
        AppVersion zero = AppVersion.parse("0").orElseThrow();
        AppVersion candidate;
        if (low == null) {
            candidate = zero;
        } else if (lowIncluded) {
            candidate = low;
        } else {
            candidate = low.justAbove(high == null ? 0 : high.depth());
        }
        return contains(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRange r && Objects.equals(low, r.low) && Objects.equals(high, r.high)
                && (low == null || lowIncluded == r.lowIncluded) && (high == null || highIncluded == r.highIncluded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(low, high);
    }

    /** As written, terms separated by one space. */
    @Override
    public String toString() {
        return text;
    }
}
