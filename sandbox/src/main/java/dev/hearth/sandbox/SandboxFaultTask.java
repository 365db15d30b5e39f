package dev.hearth.sandbox;

import dev.hearth.adapters.in.tasks.TaskParameters;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/sandbox-fault?port=NAME&latencyMs=N&errorRate=R&hang=true|false&moving=true|false&legacyDifference=true|false}:
 * makes one sandbox downstream slow, failing or hanging, its amounts move on every call ({@code moving}), or the legacy
 * home see its data differently from Hearth ({@code legacyDifference}). NAME is a port name as the screen files use it.
 * Run on Hearth's admin port when the sandbox is embedded, and on the sandbox's own port ({@link SandboxServer}). A
 * parameter it does not take, or a value it cannot use, is refused with the reason and nothing changes.
 */
public final class SandboxFaultTask extends Task {
    /** Every parameter the task takes. */
    private static final List<String> PARAMETERS = List.of("port", "latencyMs", "errorRate", "hang", "moving",
            "legacyDifference");

    private final FaultRegistry faults;

    public SandboxFaultTask(FaultRegistry faults) {
        super("sandbox-fault");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        TaskParameters.only(parameters, getName(), PARAMETERS);
        String port = TaskParameters.single(parameters, "port");
        if (port == null) {
            throw new IllegalArgumentException("Say which port: ?port=NAME, one of " + faults.portNames());
        }
        Duration latency = Duration.ofMillis(number(parameters, "latencyMs", 0L));
        double errorRate = rate(parameters);
        boolean hang = TaskParameters.flag(parameters, "hang");
        boolean moving = TaskParameters.flag(parameters, "moving");
        boolean legacyDifference = TaskParameters.flag(parameters, "legacyDifference");
        faults.set(port, new Fault(latency, errorRate, hang, moving, legacyDifference));
        output.printf("sandbox port %s: latency %d ms, error rate %.3f, hang %s, moving %s, legacy difference %s%n", port,
                latency.toMillis(), errorRate, hang, moving, legacyDifference);
    }

    private static long number(Map<String, List<String>> parameters, String name, long fallback) {
        String value = TaskParameters.single(parameters, name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds >= 0, not '" + value + "'");
        }
    }

    private static double rate(Map<String, List<String>> parameters) {
        String value = TaskParameters.single(parameters, "errorRate");
        if (value == null) {
            return 0.0;
        }
        try {
            double parsed = Double.parseDouble(value);
            // -0.0 >= 0.0 holds, but a minus sign is no rate: refused like any other negative value.
            if (!(parsed >= 0.0 && parsed <= 1.0) || Math.copySign(1.0, parsed) < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("errorRate must be a number from 0 to 1 (0.25 = a quarter of calls fail), not '" + value + "'");
        }
    }
}
