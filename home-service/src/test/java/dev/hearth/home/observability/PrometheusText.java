package dev.hearth.home.observability;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading samples out of Prometheus text exposition (the admin port's {@code /prometheus}), for tests. */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /**
     * The value of the sample {@code name} whose labels are exactly {@code labels} (name, value, name, value, ...; in
     * any order), or empty when {@code text} has none.
     */
    public static Optional<Double> sample(String text, String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            if (found.equals(wanted)) {
                return Optional.of(Double.parseDouble(m.group(3)));
            }
        }
        return Optional.empty();
    }

    /** {@code labels} (name, value, name, value, ...) as a sorted map. */
    public static Map<String, String> labels(String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }
}
