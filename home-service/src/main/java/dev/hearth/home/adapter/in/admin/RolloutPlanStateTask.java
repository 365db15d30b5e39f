package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.migration.plan.RolloutPlans;
import dev.hearth.ports.domain.model.RolloutPlan;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /tasks/rollout-plan-pause}, {@code -resume} and {@code -abort} (each with {@code by=NAME&reason=TEXT}):
 * pause holds the running plan on its step; resume applies the paused plan's step again and judges it from then on (its
 * dwell starts again); abort ends a running or paused plan and leaves the rollout where it is (set it with
 * {@code /tasks/rollout}). A plan in no state for it answers 400 saying what state it is in.
 */
public final class RolloutPlanStateTask extends Task implements AttributedTask {
    /** What the task does to the plan. */
    public enum Action {
        PAUSE, RESUME, ABORT
    }

    private final RolloutPlans plans;
    private final Action action;

    public RolloutPlanStateTask(RolloutPlans plans, Action action) {
        super("rollout-plan-" + action.name().toLowerCase(java.util.Locale.ROOT));
        this.plans = Objects.requireNonNull(plans, "plans");
        this.action = Objects.requireNonNull(action, "action");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        TaskParameters.only(parameters, getName(), List.of("by", "reason"));
        Optional<String> reason = Reason.of(parameters);
        RolloutPlan plan = switch (action) {
            case PAUSE -> plans.pause(actor, reason);
            case RESUME -> plans.resume(actor, reason);
            case ABORT -> plans.abort(actor, reason);
        };
        output.println(plan.describe());
    }
}
