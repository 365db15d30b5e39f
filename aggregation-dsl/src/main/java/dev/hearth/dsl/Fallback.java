package dev.hearth.dsl;

/** What an optional section or field shows when its port fails. Immutable. */
public sealed interface Fallback {
    /** A static value; may be {@code null}. */
    static Fallback value(Object value) {
        return new Value(value);
    }

    /** An empty list (only for ports returning a list). */
    static Fallback empty() {
        return new Empty();
    }

    /** Leave it out: the section is OMITTED, the field absent. */
    static Fallback omit() {
        return new Omit();
    }

    record Value(Object value) implements Fallback {
    }

    record Empty() implements Fallback {
    }

    record Omit() implements Fallback {
    }
}
