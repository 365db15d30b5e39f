package dev.hearth.home.testing;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis for a test: Debian's {@code /usr/bin/redis-server} (package redis-server, installed by {@code .ci/run})
 * on a free port of 127.0.0.1, without persistence. It can be killed ({@code SIGKILL}) and started again on the same
 * port. Missing, it skips the test on a developer machine and fails it under {@code CI=true}.
 */
public final class RedisServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private Process process;
    private RedisClient admin;

    private RedisServer(int port) {
        this.port = port;
    }

    /** A server on a free port, started. */
    public static RedisServer start() {
        RedisServer server = notStarted();
        server.restart();
        return server;
    }

    /** A free port for a server, not started yet ({@link #restart()} starts it). */
    public static RedisServer notStarted() {
        requireBinary();
        try (ServerSocket socket = new ServerSocket(0)) {
            return new RedisServer(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** In CI the server is part of the build's contract: its absence fails. On a developer machine it skips. */
    public static void requireBinary() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String missing = BINARY + " is missing (apt-get install redis-server)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but " + missing + "; .ci/run installs it before Maven runs");
        }
        Assumptions.abort("skipped: " + missing);
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public synchronized RedisServer restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " is running");
        }
        try {
            process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
                    "--loglevel", "warning").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server on " + port + " exited with " + process.exitValue());
                }
                Await.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not accept connections on " + port + " within 10 s");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: the server is gone at once, its connections reset, its data lost. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code command} on a connection of its own (so it works across restarts) and returns what it returned. */
    public <T> T call(Function<RedisCommands<String, String>, T> command) {
        synchronized (this) {
            if (admin == null) {
                admin = RedisClient.create();
            }
        }
        RedisURI uri = RedisURI.create(uri());
        uri.setTimeout(Duration.ofSeconds(5));
        try (StatefulRedisConnection<String, String> connection = admin.connect(uri)) {
            return command.apply(connection.sync());
        }
    }

    /** Every key the server holds now. */
    public List<String> keys() {
        return call(redis -> redis.keys("*"));
    }

    /**
     * {@code CLIENT PAUSE <duration> ALL}: the server answers nothing for {@code duration}, connections stay open (a
     * Redis that is slow, not down).
     */
    public void pause(Duration duration) {
        call(redis -> redis.clientPause(duration.toMillis()));
    }

    /** {@code CLIENT UNPAUSE}: a pause ends now. */
    public void unpause() {
        call(redis -> redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE")));
    }

    @Override
    public synchronized void close() {
        kill();
        if (admin != null) {
            admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            admin = null;
        }
    }
}
