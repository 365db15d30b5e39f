package dev.hearth.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The live heap of a JVM: {@code jcmd <pid> GC.class_histogram} (a full GC, then what survived). With a metrics
 * URL (Hearth's admin {@code /metrics}) it first waits for the requests in flight to peak (they stop rising, at most
 * 15 s), then measures, and prints {@code {"liveBytes":..,"inFlight":..}} with the in-flight count around it.
 * Without, prints the live bytes alone.
 */
public final class HeapProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        long pid = Long.parseLong(args[0]);
        if (args.length < 2) {
            System.out.println(liveBytes(pid));
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create(args[1]);
        long best = 0;
        long deadline = System.nanoTime() + 15_000_000_000L;
        int falling = 0;
        while (System.nanoTime() < deadline) {
            long now = inFlight(http, metrics);
            if (now > best) {
                best = now;
                falling = 0;
            } else if (best > 0 && ++falling >= 2) {
                break;
            }
            Thread.sleep(100);
        }
        long before = inFlight(http, metrics);
        long live = liveBytes(pid);
        long after = inFlight(http, metrics);
        System.out.println("{\"liveBytes\":" + live + ",\"inFlightBefore\":" + before + ",\"inFlightAfter\":" + after
                + ",\"peakInFlightSeen\":" + best + "}");
    }

    private static long inFlight(HttpClient http, URI metrics) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode counter = JSON.readTree(body).path("counters").path("hearth.screen.home.in-flight").path("count");
        return counter.asLong(0);
    }

    private static long liveBytes(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("Total")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[2]);
            }
        }
        throw new IllegalStateException("no Total line from jcmd: " + out);
    }

    private HeapProbe() {
    }
}
