package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root path of {@link PostgresFixtureBinaries} on its own. Where the kernel allows user
 * namespaces, zonky runs the binaries under {@code unshare -U} and the wrappers' {@code setpriv}
 * branch never runs; this test runs the wrappers directly as root, as they run where user namespaces
 * are forbidden (Docker's default seccomp profile). Skipped when not root.
 */
class PostgresFixtureBinariesIT {
    @TempDir
    Path scripts;

    @Test
    void asRootTheWrappersInitialiseStartAndStopPostgresAsAnUnprivilegedUser() throws Exception {
        assumeTrue(PostgresFixtureBinaries.runningAsRoot(), "only meaningful as root");
        PostgresFixtureBinaries binaries = PostgresFixtureBinaries.forRoot();
        binaries.getPgBinary("Linux", "x86_64").close(); // unpacks the real binaries
        Path real;
        try (Stream<Path> dirs = Files.list(binaries.workingDirectory())) {
            real = dirs.filter(dir -> dir.getFileName().toString().startsWith("real-")).findFirst().orElseThrow();
        }
        Path initdb = script(binaries, real, "initdb", true);
        Path pgCtl = script(binaries, real, "pg_ctl", false);
        File data = binaries.newDataDirectory();
        assertThat(data.mkdirs()).isTrue();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        try {
            run(initdb.toString(), "-A", "trust", "-U", "postgres", "-D", data.getPath(), "-E", "UTF-8");
            assertThat(Files.getOwner(data.toPath()).getName()).isNotEqualTo("root");
            run(pgCtl.toString(), "-D", data.getPath(), "-o", "-p " + port + " -F", "-w", "start");
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
                    ResultSet rs = connection.createStatement().executeQuery("SELECT current_user, 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        } finally {
            if (new File(data, "postmaster.pid").exists()) {
                run(pgCtl.toString(), "-D", data.getPath(), "-m", "fast", "-w", "stop");
            }
            run("rm", "-rf", data.getPath());
        }
    }

    private Path script(PostgresFixtureBinaries binaries, Path real, String binary, boolean ownsData) throws IOException {
        Path script = scripts.resolve(binary);
        Files.writeString(script, binaries.wrapper(real.resolve("bin").resolve(binary), ownsData), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** Output goes to a file, not a pipe: the postgres that {@code pg_ctl start} leaves running inherits it. */
    private void run(String... command) throws Exception {
        Path log = Files.createTempFile(scripts, "output-", ".log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finishes").isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + " said:%n%s", Files.readString(log, StandardCharsets.UTF_8))
                .isZero();
    }
}
