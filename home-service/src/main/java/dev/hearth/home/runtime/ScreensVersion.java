package dev.hearth.home.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * The version of a screens directory: the first 12 hex digits of a SHA-256 over each screen file's name and content,
 * in name order. Two instances running the same files show the same version ({@code hearth_screens_info}), whatever
 * the files' dates; a reload that changes a file changes it. Hidden entries (a name starting with a dot) are skipped:
 * a Kubernetes ConfigMap mount keeps its files in a dated {@code ..2026_12_05_...} directory behind the {@code ..data}
 * link, named differently on every pod, and the screens are the links beside them (docs/adr/021-fleet-config.md).
 */
public final class ScreensVersion {
    private ScreensVersion() {
    }

    public static String of(Path screens) {
        try {
            MessageDigest sha = ContentHash.sha256();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(screens)) {
                files = walk.filter(p -> !hidden(screens.relativize(p)))
                        .filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                        .sorted().toList();
            }
            for (Path file : files) {
                sha.update(screens.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return ContentHash.version(sha);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the screens in " + screens, e);
        }
    }

    /** A path under the screens directory with a part named {@code .something}. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
