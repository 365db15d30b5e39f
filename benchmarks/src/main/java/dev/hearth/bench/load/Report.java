package dev.hearth.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns results.jsonl (and JMH's JSON) into the Markdown tables of results.md, which docs/PERFORMANCE.md summarises.
 */
public final class Report {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        List<JsonNode> runs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                runs.add(JSON.readTree(line));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("### Open loop (constant rate, latency from each request's scheduled send time)\n\n");
        md.append("Overhead = latency minus the critical path the sandbox was set to. CPU in cores (1.00 = one core busy) "
                + "over the measured window; JIT = the part of the server's CPU its JIT compiler threads used; ms/req = server CPU per request. Memory slowed = the share of the window's memory probe "
                + "reads (benchmarks/stalls/probe.c) that took over 3x their median: the machine slowed from outside.\n\n");
        md.append("| scenario | server | customer | rate/s | done/s | p50 ms | p99 ms | p99.9 ms | max ms | overhead p50 / p99 / p99.9 ms "
                + "| errors | degraded | answered by legacy | CPU server | JIT | CPU sandbox | CPU generator | CPU machine | server ms/req "
                + "| memory slowed |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : runs) {
            if (!r.path("mode").asText().equals("open")) {
                continue;
            }
            String[] label = r.path("label").asText().split("\\|");
            double critical = r.path("criticalMs").asDouble();
            md.append(row(label[0], label[1], label[2], num(r, "rate", 0), num(r, "throughput", 0), num(r, "p50", 2),
                    num(r, "p99", 2), num(r, "p999", 2), num(r, "max", 1),
                    f(r.path("p50").asDouble() - critical, 2) + " / " + f(r.path("p99").asDouble() - critical, 2) + " / "
                            + f(r.path("p999").asDouble() - critical, 2),
                    r.path("errors").asText() + errorKinds(r), r.path("incomplete").asText(), r.path("legacyAnswers").asText("-"),
                    cores(r, "server"), cores(r, "serverJit"), cores(r, "sandbox"), cores(r, "generator"), cores(r, "machine"),
                    f(r.path("cpu").path("server").path("msPerRequest").asDouble(), 2),
                    r.has("memorySlowPercent") ? f(r.path("memorySlowPercent").asDouble(), 1) + " %" : "-"));
        }
        md.append("\n### Closed loop (wrk, maximum throughput)\n\n");
        md.append("| scenario | server | customer | connections | requests/s | errors | answered by legacy | wrk p50 | wrk p99 | CPU server | CPU sandbox | CPU wrk | server ms/req |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : runs) {
            if (!r.path("mode").asText().equals("closed")) {
                continue;
            }
            String[] label = r.path("label").asText().split("\\|");
            double rps = r.path("throughput").asDouble();
            double serverCores = r.path("cpu").path("server").path("cores").asDouble();
            md.append(row(label[0], label[1], label[2], r.path("connections").asText(), f(rps, 0), r.path("errors").asText(),
                    r.path("legacyAnswers").asText("-"), r.path("wrkP50").asText(), r.path("wrkP99").asText(), cores(r, "server"), cores(r, "sandbox"),
                    cores(r, "generator"), rps > 0 ? f(serverCores * 1000 / rps, 2) : "-"));
        }
        md.append("\n### Burst (requests sent at once) and live heap\n\n");
        for (JsonNode r : runs) {
            String mode = r.path("mode").asText();
            if (mode.equals("burst")) {
                md.append(String.format(Locale.ROOT, "- burst of %d requests (%s), sent in %.0f ms: done %d, errors %d%s, degraded %d, "
                                + "most in flight at once (generator) %d, p50 %.0f ms, p99 %.0f ms, max %.0f ms, total %.1f s; "
                                + "CPU server %s, sandbox %s, generator %s cores%n",
                        r.path("burst").asInt(), r.path("label").asText(), r.path("sentInMs").asDouble(), r.path("count").asLong(),
                        r.path("errors").asLong(), errorKinds(r), r.path("incomplete").asLong(), r.path("maxInFlight").asLong(),
                        r.path("p50").asDouble(), r.path("p99").asDouble(), r.path("max").asDouble(), r.path("seconds").asDouble(),
                        cores(r, "server"), cores(r, "sandbox"), cores(r, "generator")));
                JsonNode onTime = r.path("onTime");
                if (!onTime.isMissingNode()) {
                    md.append(String.format(Locale.ROOT, "  - on time (within %d ms of send: the budget + 100 ms): 200 "
                                    + "%d, 200 late %d (all 200s answered by legacy: %d), fast 503 with Retry-After %d "
                                    + "(within %d ms: %d), other errors %d%n",
                            onTime.path("withinMs").asLong(), onTime.path("ok").asLong(), onTime.path("okLate").asLong(),
                            onTime.path("legacy").asLong(), onTime.path("unavailableRetryAfter").asLong(),
                            onTime.path("withinMs").asLong(), onTime.path("unavailableRetryAfterWithin").asLong(),
                            onTime.path("otherErrors").asLong()));
                }
            } else if (mode.equals("heap")) {
                long base = r.path("baseline").asLong();
                JsonNode peak = r.path("peak");
                long live = peak.path("liveBytes").asLong();
                long inFlight = Math.min(peak.path("inFlightBefore").asLong(), peak.path("inFlightAfter").asLong());
                md.append(String.format(Locale.ROOT, "- live heap (after full GC): idle %.1f MiB; with %d-%d requests in flight "
                                + "(peak seen %d) %.1f MiB: %.1f KiB per in-flight request%n",
                        base / 1048576.0, peak.path("inFlightAfter").asLong(), peak.path("inFlightBefore").asLong(),
                        peak.path("peakInFlightSeen").asLong(), live / 1048576.0,
                        inFlight > 0 ? (live - base) / 1024.0 / inFlight : Double.NaN));
            }
        }
        md.append(shadow(runs));
        if (args.length > 1 && Files.exists(Path.of(args[1]))) {
            md.append("\n### JMH: the engine alone (in-memory ports answering at once)\n\n");
            md.append("| shape | µs per request | ± | bytes allocated per request |\n|---|---:|---:|---:|\n");
            for (JsonNode b : JSON.readTree(Files.readString(Path.of(args[1])))) {
                JsonNode primary = b.path("primaryMetric");
                JsonNode alloc = allocation(b.path("secondaryMetrics"));
                md.append(row(b.path("params").path("shape").asText(), f(primary.path("score").asDouble(), 1),
                        f(primary.path("scoreError").asDouble(), 1), alloc.isMissingNode() ? "-" : f(alloc.path("score").asDouble(), 0)));
            }
        }
        System.out.print(md);
    }

    /** What shadow comparison did during each phase-M run: the migration's counters, after minus before. */
    private static String shadow(List<JsonNode> runs) {
        StringBuilder md = new StringBuilder();
        for (JsonNode r : runs) {
            if (!r.path("mode").asText().equals("shadow")) {
                continue;
            }
            if (md.isEmpty()) {
                md.append("\n### Shadow comparison during each run (the migration's counters, after minus before)\n\n");
            }
            JsonNode before = r.path("before").path("counters");
            JsonNode after = r.path("after").path("counters");
            List<String> deltas = new ArrayList<>();
            after.fieldNames().forEachRemaining(name -> {
                long delta = after.path(name).asLong() - before.path(name).asLong();
                if (delta != 0) {
                    deltas.add(name + " " + delta);
                }
            });
            md.append("- ").append(r.path("label").asText().split("\\|")[0]).append(" (sampling ")
                    .append(r.path("after").path("shadowRate").asText()).append(", rollout ")
                    .append(r.path("after").path("rolloutPercent").asText()).append(" %): ")
                    .append(deltas.isEmpty() ? "nothing counted" : String.join(", ", deltas)).append('\n');
        }
        return md.toString();
    }

    /** JMH names it "gc.alloc.rate.norm" or "·gc.alloc.rate.norm" depending on the version. */
    private static JsonNode allocation(JsonNode secondary) {
        for (var names = secondary.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.endsWith("gc.alloc.rate.norm")) {
                return secondary.path(name);
            }
        }
        return secondary.path("gc.alloc.rate.norm");
    }

    private static String errorKinds(JsonNode r) {
        JsonNode kinds = r.path("errorKinds");
        if (kinds.isMissingNode() || kinds.isEmpty()) {
            return "";
        }
        return " " + kinds.toString().replace("\"", "");
    }

    private static String cores(JsonNode r, String who) {
        JsonNode c = r.path("cpu").path(who).path("cores");
        return c.isMissingNode() ? "-" : f(c.asDouble(), 2);
    }

    private static String num(JsonNode r, String field, int decimals) {
        return f(r.path(field).asDouble(), decimals);
    }

    private static String f(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private Report() {
    }
}
