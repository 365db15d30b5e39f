package dev.hearth.dsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The screens of a directory, all compiled. Immutable and thread-safe; reload by loading a new catalog. */
public final class ScreenCatalog<C> {
    private final Map<String, CompiledScreen<C>> screens;

    private ScreenCatalog(Map<String, CompiledScreen<C>> screens) {
        this.screens = Collections.unmodifiableMap(new LinkedHashMap<>(screens));
    }

    /**
     * Reads and compiles every {@code *.yml} / {@code *.yaml} in {@code directory}. All problems of all files are
     * collected first, then thrown as one ScreenDefinitionException: nothing is half-loaded.
     */
    public static <C> ScreenCatalog<C> load(Path directory, AggregationEngine<C> engine) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(engine, "engine");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("screens directory " + directory.toAbsolutePath()
                    + " does not exist or is not a directory; point it at the folder holding the screen files");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list screens directory " + directory.toAbsolutePath() + ": " + e, e);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, CompiledScreen<C>> screens = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                Screen screen = ScreenYaml.parse(file);
                CompiledScreen<C> compiled = engine.compile(screen);
                CompiledScreen<C> before = screens.putIfAbsent(screen.id(), compiled);
                if (before != null) {
                    problems.add(new Problem(screen.originOf("screen"), "screen id '" + screen.id()
                            + "' is also used by " + before.screen().origin().map(o -> o.file()).orElse("another file"),
                            "give each screen file its own `screen:` id"));
                }
            } catch (ScreenDefinitionException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(new Problem(Optional.of(new Origin(file.getFileName().toString(), 1)),
                        "cannot read the file: " + e, "check that it exists and is readable"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ScreenDefinitionException(problems);
        }
        return new ScreenCatalog<>(screens);
    }

    public Optional<CompiledScreen<C>> find(String id) {
        return Optional.ofNullable(screens.get(id));
    }

    public Set<String> ids() {
        return screens.keySet();
    }
}
