package dev.hearth.home.adapter.in.cli;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.Origin;
import dev.hearth.dsl.Problem;
import dev.hearth.dsl.ScreenDefinitionException;
import dev.hearth.dsl.ScreenYaml;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code check-screens config.yml [files or directories...]}: reads and compiles screen files against the
 * ports the server registers (their names and types, and config.yml's timeouts) without starting anything.
 * Prints every problem as {@code file:line: message (hint: ...)} and fails, or prints each screen's variants (which
 * apps get each, how many sections) and {@code N screens OK}.
 * Without paths it checks the configured {@code screens} directory.
 */
public final class CheckScreensCommand extends ConfiguredCommand<HomeConfiguration> {
    public CheckScreensCommand() {
        super("check-screens", "Checks screen files; lists every problem");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        ListedCommands.listed(subparser, this);
        subparser.epilog("Prints each problem as file:line: message (hint: ...) and exits 1 if there is any.");
        subparser.addArgument("paths").nargs("*").metavar("file-or-dir")
                .help("screen files, or directories of *.yml / *.yaml (default: `screens` of the configuration)");
    }

    @Override
    protected void run(Bootstrap<HomeConfiguration> bootstrap, Namespace namespace, HomeConfiguration configuration)
            throws Exception {
        List<String> paths = namespace.getList("paths");
        List<String> given = paths == null || paths.isEmpty() ? List.of(configuration.getScreens()) : paths;
        AggregationEngine<?> engine = OfflineScreens.engine(configuration);

        List<Problem> problems = new ArrayList<>();
        List<Path> files = files(given, problems);
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> variants = new ArrayList<>();
        for (Path file : files) {
            String name = file.toString();
            try {
                CompiledScreen<?> screen = engine.compile(ScreenYaml.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
                String first = ids.putIfAbsent(screen.id(), name);
                if (!screen.screen().variants().isEmpty()) {
                    variants.add("screen " + screen.id() + " variants: " + String.join(", ", screen.variants().values()
                            .stream().map(v -> v.variant() + " (" + v.definition().map(d -> d.describeWhen()
                                    + d.priority().stream().mapToObj(p -> ", priority " + p).findFirst().orElse(""))
                                    .orElse("every other app") + ", " + v.screen().sections().size() + " sections)")
                            .toList()));
                }
                if (first != null) {
                    problems.add(new Problem(screen.screen().originOf("screen"), "screen id '" + screen.id()
                            + "' is also used by " + first, "give each screen file its own `screen:` id"));
                }
            } catch (ScreenDefinitionException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(new Problem(Optional.of(new Origin(name, 1)), "cannot read the file: " + e,
                        "check that it exists and is readable"));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(System.out::println);
            throw new ScreensRejected(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in "
                    + files.size() + (files.size() == 1 ? " screen file" : " screen files"));
        }
        if (files.isEmpty()) {
            throw new ScreensRejected("no screen files (*.yml, *.yaml) in " + given);
        }
        variants.forEach(System.out::println);
        System.out.println(files.size() + (files.size() == 1 ? " screen OK" : " screens OK"));
    }

    /** Files as given, directories as their *.yml and *.yaml files, sorted; a missing path is a problem. */
    private static List<Path> files(List<String> given, List<Problem> problems) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String path : given) {
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    files.addAll(list.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                problems.add(new Problem(Optional.empty(), path + ": no such file or directory",
                        "name screen files or a directory holding them"));
            }
        }
        return files;
    }

    /** Prints the reason alone: the problems were listed already, a stack trace would hide them. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof ScreensRejected || e instanceof IllegalArgumentException) {
            cli.getStdErr().println(e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    /** The screen files are not fit to load; the command exits non-zero. */
    static final class ScreensRejected extends RuntimeException {
        ScreensRejected(String message) {
            super(message);
        }
    }
}
