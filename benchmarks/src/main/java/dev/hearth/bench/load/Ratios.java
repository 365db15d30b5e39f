package dev.hearth.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issue 28's ratio table from several runs of {@code benchmarks/run} (their {@code results.jsonl}): each measure's
 * median per server, and the median of the per-run ratios Hearth ÷ bare (a ratio is taken within one run, where both
 * servers met the same machine). {@code benchmarks/ratios} runs the phases and calls this.
 */
public final class Ratios {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVERS = List.of("hearth", "bare", "pool", "sequential");

    /** One measure: where it is read, how, and the target for Hearth ÷ bare. */
    private record Measure(String name, String scenario, String customer, ToDoubleFunction<JsonNode> value,
            String target, boolean higherIsBetter, double limit) {
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("Z: closed loop at 0 ms, homes/s (wrk, 64 connections)", "Z-closed", "alice",
                    r -> r.path("throughput").asDouble(), "≥ 0.9", true, 0.9),
            new Measure("Z: CPU a home at saturation, ms", "Z-closed", "alice",
                    r -> r.path("cpu").path("server").path("cores").asDouble() * 1000 / r.path("throughput").asDouble(),
                    "≤ 1.15", false, 1.15),
            new Measure("Z: CPU a home at 100/s, ms (idle wake-ups count)", "Z-idle", "alice",
                    r -> r.path("cpu").path("server").path("msPerRequest").asDouble(), "≤ 1.15", false, 1.15),
            new Measure("N: 400/s steady, overhead p99, ms", "N-overhead-steady", "alice",
                    r -> r.path("p99").asDouble() - r.path("criticalMs").asDouble(), "≤ 1", false, 1.0),
            new Measure("N: alice p99 at 50/s, ms", "N-flat", "alice", r -> r.path("p99").asDouble(), "", false, 0),
            new Measure("N: carol p99 at 50/s, ms", "N-flat", "carol", r -> r.path("p99").asDouble(), "", false, 0),
            new Measure("N: CPU a carol home at 50/s, ms", "N-flat", "carol",
                    r -> r.path("cpu").path("server").path("msPerRequest").asDouble(), "", false, 0),
            new Measure("N: closed loop, homes/s (wrk, 256 connections)", "N-closed", "alice",
                    r -> r.path("throughput").asDouble(), "", true, 0));

    private Ratios() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Ratios run1/results.jsonl [run2/results.jsonl ...]");
            System.exit(2);
        }
        List<Map<String, JsonNode>> runs = new ArrayList<>();
        for (String file : args) {
            Map<String, JsonNode> byLabel = new HashMap<>();
            for (String line : Files.readAllLines(Path.of(file))) {
                if (!line.isBlank()) {
                    JsonNode r = JSON.readTree(line);
                    byLabel.putIfAbsent(r.path("label").asText(), r); // the first window of a label (max_rate repeats)
                }
            }
            runs.add(byLabel);
        }
        StringBuilder md = new StringBuilder();
        md.append("Medians of ").append(runs.size()).append(" runs; ratio = the median of each run's Hearth ÷ bare.\n\n");
        md.append("| measure | Hearth | bare | pool | sequential | ratio (runs) | target |\n|---|---:|---:|---:|---:|---|---|\n");
        for (Measure m : MEASURES) {
            double[] medians = SERVERS.stream().mapToDouble(s -> median(values(runs, m, s))).toArray();
            if (Double.isNaN(medians[0])) {
                continue; // the phase was not run
            }
            md.append(row(m, medians, ratios(runs, m, r -> m.value().applyAsDouble(r))));
        }
        // carol ÷ alice p99 within each run and server, then Hearth's over bare's
        List<Double> hearthSpread = spread(runs, "hearth");
        List<Double> bareSpread = spread(runs, "bare");
        if (!hearthSpread.isEmpty() && !bareSpread.isEmpty()) {
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < Math.min(hearthSpread.size(), bareSpread.size()); i++) {
                ratio.add(hearthSpread.get(i) / bareSpread.get(i));
            }
            double h = median(hearthSpread);
            double b = median(bareSpread);
            md.append("| N: carol ÷ alice p99 at 50/s | ").append(f(h)).append(" | ").append(f(b)).append(" | | | ")
                    .append(String.format(Locale.ROOT, "%.3f", median(ratio))).append(" (").append(list(ratio))
                    .append(") | ≤ 1: ")
                    .append(median(ratio) <= 1 ? "met" : "not met").append(" |\n");
        }
        System.out.print(md);
    }

    private static String row(Measure m, double[] medians, List<Double> ratios) {
        StringBuilder row = new StringBuilder("| ").append(m.name());
        for (double v : medians) {
            row.append(" | ").append(Double.isNaN(v) ? "–" : f(v));
        }
        double ratio = median(ratios);
        row.append(" | ").append(ratios.isEmpty() ? "–" : f(ratio) + " (" + list(ratios) + ")").append(" | ");
        if (!m.target().isEmpty() && !ratios.isEmpty()) {
            boolean met = m.higherIsBetter() ? ratio >= m.limit() : ratio <= m.limit();
            row.append(m.target()).append(": ").append(met ? "met" : "not met");
        }
        return row.append(" |\n").toString();
    }

    private static List<Double> values(List<Map<String, JsonNode>> runs, Measure m, String server) {
        List<Double> values = new ArrayList<>();
        for (Map<String, JsonNode> run : runs) {
            JsonNode r = run.get(m.scenario() + "|" + server + "|" + m.customer());
            if (r != null) {
                values.add(m.value().applyAsDouble(r));
            }
        }
        return values;
    }

    private static List<Double> ratios(List<Map<String, JsonNode>> runs, Measure m, ToDoubleFunction<JsonNode> value) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, JsonNode> run : runs) {
            JsonNode h = run.get(m.scenario() + "|hearth|" + m.customer());
            JsonNode b = run.get(m.scenario() + "|bare|" + m.customer());
            if (h != null && b != null && value.applyAsDouble(b) != 0) {
                ratios.add(value.applyAsDouble(h) / value.applyAsDouble(b));
            }
        }
        return ratios;
    }

    private static List<Double> spread(List<Map<String, JsonNode>> runs, String server) {
        List<Double> spread = new ArrayList<>();
        for (Map<String, JsonNode> run : runs) {
            JsonNode alice = run.get("N-flat|" + server + "|alice");
            JsonNode carol = run.get("N-flat|" + server + "|carol");
            if (alice != null && carol != null) {
                spread.add(carol.path("p99").asDouble() / alice.path("p99").asDouble());
            }
        }
        return spread;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(Ratios::f).toList());
    }

    private static String f(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
