package dev.hearth.dsl;

import dev.hearth.dsl.internal.YamlScreenReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Reads screen files. Shape errors (syntax, unknown keys, bad durations) are a ScreenDefinitionException with lines. */
public final class ScreenYaml {
    private ScreenYaml() {
    }

    /** The screen in {@code file}; problems name the file by its name. */
    public static Screen parse(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(String.valueOf(file.getFileName()), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The screen in {@code yamlText}; problems name {@code fileName}. */
    public static Screen parse(String fileName, String yamlText) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yamlText, "yamlText");
        return YamlScreenReader.read(fileName, yamlText);
    }
}
