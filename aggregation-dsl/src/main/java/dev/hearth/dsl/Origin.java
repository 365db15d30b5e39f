package dev.hearth.dsl;

import java.util.Objects;

/** Where a definition was written: a file and a 1-based line. */
public record Origin(String file, int line) {
    public Origin {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1-based, was " + line);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
