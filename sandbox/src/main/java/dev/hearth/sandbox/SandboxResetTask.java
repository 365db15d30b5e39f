package dev.hearth.sandbox;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code POST /tasks/sandbox-reset}: clears every injected sandbox fault. */
public final class SandboxResetTask extends Task {
    private final FaultRegistry faults;

    public SandboxResetTask(FaultRegistry faults) {
        super("sandbox-reset");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        faults.reset();
        output.println("sandbox faults cleared");
    }
}
