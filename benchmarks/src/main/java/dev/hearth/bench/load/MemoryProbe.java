package dev.hearth.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code benchmarks/stalls/probe.c}, run beside a measured window: the share of its memory reads that took over 3x
 * their median, which is how much of the window the machine's memory was slowed from outside the servers
 * (docs/PERFORMANCE.md, "The machine"). Best effort: a probe that fails to start or to answer gives no
 * number, and a line on stderr, never a failed run.
 */
final class MemoryProbe {
    private static final Pattern SLOW = Pattern.compile("([0-9.]+) % over 3x the median");

    private final Process process;

    private MemoryProbe(Process process) {
        this.process = process;
    }

    /** Starts the probe at {@code binary} for {@code seconds}; null when it could not start. */
    static MemoryProbe start(Path binary, double seconds) {
        try {
            return new MemoryProbe(new ProcessBuilder(binary.toString(), String.valueOf(seconds))
                    .redirectErrorStream(true).start());
        } catch (IOException e) {
            System.err.println("memory probe " + binary + " did not start: " + e.getMessage());
            return null;
        }
    }

    /** Waits for the probe to end and reads its share of slow reads, in percent. */
    OptionalDouble slowPercent() throws InterruptedException {
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            output = e.toString();
        }
        process.waitFor();
        Matcher matcher = SLOW.matcher(output);
        if (process.exitValue() == 0 && matcher.find()) {
            return OptionalDouble.of(Double.parseDouble(matcher.group(1)));
        }
        System.err.println("memory probe gave no share (exit " + process.exitValue() + "): " + output.strip());
        return OptionalDouble.empty();
    }
}
