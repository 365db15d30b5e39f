package dev.hearth.dsl;

import dev.hearth.dsl.internal.YamlScreenReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Every key a screen file may use, by where it may appear: {@code screen} (the top level), {@code section},
     * {@code field}, {@code from} and {@code fallback} (their mapping forms), {@code variant} (an item of
     * {@code variants}) and {@code when} (a variant's selector). Anything else is rejected with a hint.
     * Tools that describe the format (the JSON Schema of screens/) check themselves against it.
     */
    public static Map<String, List<String>> acceptedKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("screen", YamlScreenReader.SCREEN_KEYS);
        keys.put("section", YamlScreenReader.SECTION_KEYS);
        keys.put("field", YamlScreenReader.FIELD_KEYS);
        keys.put("from", YamlScreenReader.FROM_KEYS);
        keys.put("fallback", YamlScreenReader.FALLBACK_KEYS);
        keys.put("variant", YamlScreenReader.VARIANT_KEYS);
        keys.put("when", YamlScreenReader.WHEN_KEYS);
        return Collections.unmodifiableMap(keys);
    }
}
