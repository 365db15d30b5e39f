package dev.hearth.home.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet mounts a ConfigMap, and updated as it updates one (its AtomicWriter): the files
 * live in a dated {@code ..<timestamp>} directory, {@code ..data} links to it, and each file name is a link to
 * {@code ..data/<name>}. An update writes a new dated directory, points a new link {@code ..data_tmp} at it, renames
 * that over {@code ..data} (one atomic rename) and deletes the old directory: no file is ever written in place.
 */
public final class ConfigMapMount {
    private final Path dir;
    private int generation;

    private ConfigMapMount(Path dir) {
        this.dir = dir;
    }

    /** A mount in {@code dir} (created if needed) holding {@code files} (name to text). */
    public static ConfigMapMount create(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ConfigMapMount mount = new ConfigMapMount(dir);
        mount.update(files);
        return mount;
    }

    public Path dir() {
        return dir;
    }

    /** The path of a file as a pod reads it: {@code <dir>/<name>}, a link through {@code ..data}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Replaces the whole content with {@code files}, by the kubelet's atomic swap of {@code ..data}. */
    public void update(Map<String, String> files) {
        try {
            Path old = Files.isSymbolicLink(dir.resolve("..data")) ? dir.resolve(Files.readSymbolicLink(
                    dir.resolve("..data"))) : null;
            Path dated = dir.resolve("..2026_12_05_00_00_00." + (++generation));
            Files.createDirectory(dated);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dated.resolve(file.getKey()), file.getValue());
            }
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, dated.getFileName());
            Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String name : files.keySet()) {
                Path link = dir.resolve(name);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", name));
                }
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (!name.startsWith(".") && !files.containsKey(name)) {
                        Files.delete(entry); // a file the new content no longer has
                    }
                }
            }
            if (old != null) {
                try (Stream<Path> walk = Files.walk(old)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
