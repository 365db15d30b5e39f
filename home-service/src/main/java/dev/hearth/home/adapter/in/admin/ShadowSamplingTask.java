package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.migration.Rollout;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /tasks/shadow-sampling?rate=R&by=NAME&reason=TEXT}: the share of home requests (0 to 1, e.g. 0.001, 0.01, 0.1) whose
 * other side is also computed and compared, for every instance (stored in the database). 0 stops sampling. Kept in
 * the history ({@code GET /migration/history}) with who made it and {@code reason=TEXT} (optional).
 */
public final class ShadowSamplingTask extends Task implements AttributedTask {
    private final Rollout rollout;

    @Inject
    public ShadowSamplingTask(Rollout rollout) {
        super("shadow-sampling");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        TaskParameters.only(parameters, getName(), List.of("rate", "by", "reason"));
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
        Optional<String> reason = Reason.of(parameters);
        output.println(rollout.change(settings -> settings.withShadowRate(parsed), actor, reason).describe());
    }
}
