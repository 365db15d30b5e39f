package dev.hearth.home.adapter.in.admin;

import dev.hearth.ports.domain.port.out.MismatchStorePort;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code POST /tasks/shadow-clear}: forgets every stored shadow mismatch, e.g. after shipping a fix. */
public final class ShadowClearTask extends Task {
    private final MismatchStorePort mismatches;

    @Inject
    public ShadowClearTask(MismatchStorePort mismatches) {
        super("shadow-clear");
        this.mismatches = Objects.requireNonNull(mismatches, "mismatches");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        output.println("forgot " + mismatches.clear() + " stored mismatches");
    }
}
