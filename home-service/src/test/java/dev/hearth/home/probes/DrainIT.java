package dev.hearth.home.probes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.ports.domain.model.CustomerId;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drain of docs/adr/018-probes-warm-up-and-drain.md on a real process: the shipped config.yml run by
 * {@link HomeApplication#main} in a JVM of its own, sent SIGTERM while homes are in flight and keep arriving.
 * Readiness turns 503 at once; requests arriving during {@code health.shutdownWaitPeriod} are served; one still in
 * flight when the server stops accepting (carol's legacy home, about 2.3 s) completes; none is lost.
 */
class DrainIT {
    static final Duration WAIT = Duration.ofSeconds(4);
    static final Duration GRACE = Duration.ofSeconds(10);
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Path dir;
    Process hearth;

    record Sent(long sentNanos, long doneNanos, int status, String error) {
    }

    @AfterEach
    void stop() throws Exception {
        if (hearth != null && hearth.isAlive()) {
            hearth.destroyForcibly().waitFor();
        }
    }

    @Test
    void onSigtermUnreadyAtOnceServesThroughTheWaitFinishesInFlightAndLosesNothing() throws Exception {
        int api = freePort();
        int admin = freePort();
        dir = Files.createTempDirectory("hearth-drain-");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "-Ddw.server.applicationConnectors[0].port=" + api,
                "-Ddw.server.adminConnectors[0].port=" + admin,
                "-Ddw.server.shutdownGracePeriod=" + GRACE.toSeconds() + "s",
                "-Ddw.health.shutdownWaitPeriod=" + WAIT.toSeconds() + "s",
                // carol's legacy home at half the sandbox's latencies: about 2.3 s, within legacy's 5 s client timeout
                "-Ddw.sandbox.port=0", "-Ddw.sandbox.jitter=0", "-Ddw.sandbox.latencyScale=0.5",
                "-Ddw.database.url=jdbc:h2:" + dir.resolve("hearth") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE",
                "-Ddw.screens=../screens",
                "-Ddw.warmUp.homes=20",
                // every home from the legacy home: carol's is the request kept in flight below
                "-Ddw.migration.initialPercent=0", "-Ddw.migration.legacyTimeout=10s",
                "-Ddw.migration.fallbackWhenLateBy=0ms",
                HomeApplication.class.getName(), "server", "../config.yml"));
        hearth = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        awaitReady(admin);

        JsonNode shipped = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));
        TokenIssuer issuer = new TokenIssuer(shipped.at("/sandbox/signingKey").asText(),
                shipped.at("/auth/issuer").asText(), shipped.at("/auth/audience").asText());
        String alice = issuer.issue(new CustomerId("alice"), "home:read", Instant.now(), Duration.ofMinutes(5));
        String carol = issuer.issue(new CustomerId("carol"), "home:read", Instant.now(), Duration.ofMinutes(5));
        URI home = URI.create("http://127.0.0.1:" + api + "/v1/home");

        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        long[] sigterm = {0};
        AtomicLong stopSending = new AtomicLong(Long.MAX_VALUE);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) { // homes keep arriving until shortly before the wait period ends
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() - stopSending.get() < 0) {
                    sent.add(send(home, alice));
                }
            }));
        }
        Thread.sleep(1_000);
        sigterm[0] = System.nanoTime();
        stopSending.set(sigterm[0] + WAIT.minusMillis(500).toNanos());
        hearth.destroy(); // SIGTERM

        HttpResponse<String> ready = readiness(admin);
        while (ready.statusCode() == 200 && System.nanoTime() - sigterm[0] < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(10); // the JVM runs its shutdown hooks a moment after the signal
            ready = readiness(admin);
        }
        long unreadyAfter = System.nanoTime() - sigterm[0];
        assertThat(ready.statusCode()).as("readiness right after SIGTERM").isEqualTo(503);
        assertThat(Duration.ofNanos(unreadyAfter)).as("unready at once").isLessThan(Duration.ofSeconds(2));

        Thread.sleep(WAIT.minusMillis(2_000).toMillis());
        assertThat(readiness(admin).statusCode()).as("still answering, unready, during the wait").isEqualTo(503);
        Thread.sleep(1_500); // carol's home leaves half a second before the wait ends, and lasts beyond it
        CompletableFuture<Sent> inFlight = CompletableFuture.supplyAsync(() -> send(home, carol),
                command1 -> Thread.ofVirtual().start(command1));
        for (Thread client : clients) {
            client.join();
        }
        Sent carols = inFlight.get();

        assertThat(hearth.waitFor(WAIT.plus(GRACE).plusSeconds(20).toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .as("stopped after the wait and the grace").isTrue();
        String log = Files.readString(dir.resolve("log"));
        assertThat(log).contains("delayed shutdown: started (waiting 4 seconds)", "delayed shutdown: finished");
        List<Sent> duringTheWait = sent.stream().filter(s -> s.sentNanos() > sigterm[0]).toList();
        assertThat(duringTheWait).as("homes sent after SIGTERM").hasSizeGreaterThan(3);
        assertThat(sent).as("every home, before and after SIGTERM").allSatisfy(s ->
                assertThat(s.status()).as(String.valueOf(s.error())).isEqualTo(200));
        assertThat(carols.status()).as("carol's home, in flight: " + carols.error()).isEqualTo(200);
        assertThat(carols.doneNanos() - sigterm[0]).as("carol's home was still in flight when the wait ended")
                .isGreaterThan(WAIT.toNanos());
    }

    static Sent send(URI uri, String token) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Sent(sent, System.nanoTime(), response.statusCode(),
                    response.statusCode() == 200 ? null : response.body());
        } catch (IOException | InterruptedException e) {
            return new Sent(sent, System.nanoTime(), -1, e.toString());
        }
    }

    void awaitReady(int admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!hearth.isAlive()) {
                fail("Hearth exited before it was ready:\n" + Files.readString(dir.resolve("log")));
            }
            try {
                if (readiness(admin).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("Hearth not ready within 2 minutes:\n" + Files.readString(dir.resolve("log")));
    }

    static HttpResponse<String> readiness(int admin) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health-check?type=ready"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
