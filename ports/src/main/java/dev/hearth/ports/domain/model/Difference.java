package dev.hearth.ports.domain.model;

import java.util.Objects;

/**
 * One place where Hearth's response and the legacy one differ.
 *
 * @param path   where, e.g. {@code sections[accounts].data[alice-acc-1].alias} (the root is the empty path)
 * @param group  the path with item keys and indexes as {@code *}, except those of named lists, for counting
 *               differences of one kind across customers: {@code sections[accounts].data[*].alias}
 * @param hearth Hearth's value as compact JSON, shortened to about 200 characters; {@link #ABSENT} when missing
 * @param legacy the legacy value, likewise
 */
public record Difference(String path, String group, String hearth, String legacy) {
    /** The value shown for a field or item that one side does not have. */
    public static final String ABSENT = "(absent)";

    public Difference {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(hearth, "hearth");
        Objects.requireNonNull(legacy, "legacy");
    }
}
