package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.migration.Rollout;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/shadow-sampling?rate=R&by=NAME}: the share of home requests (0 to 1, e.g. 0.001, 0.01, 0.1) whose
 * other side is also computed and compared, for every instance (stored in the database). 0 stops sampling.
 */
public final class ShadowSamplingTask extends Task {
    private final Rollout rollout;

    @Inject
    public ShadowSamplingTask(Rollout rollout) {
        super("shadow-sampling");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        TaskParameters.only(parameters, getName(), List.of("rate", "by"));
        String rate = TaskParameters.single(parameters, "rate");
        if (rate == null) {
            throw new IllegalArgumentException("Say the sampling rate: ?rate=R, from 0 (off) to 1 (every request), "
                    + "e.g. 0.01");
        }
        double parsed;
        try {
            parsed = Double.parseDouble(rate.trim());
            if (!(parsed >= 0.0 && parsed <= 1.0) || Math.copySign(1.0, parsed) < 0) { // -0.0 too: no rate has a sign
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate must be a number from 0 to 1 (0.01 = one request in a hundred), "
                    + "not '" + rate + "'");
        }
        output.println(rollout.change(settings -> settings.withShadowRate(parsed), TaskParameters.by(parameters))
                .describe());
    }
}
