package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.migration.plan.RolloutPlans;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /tasks/rollout-plan?steps=1,5,25,50,100&dwell=10m&maxFallbackRate=0.05&maxMismatchRate=0.05&maxP99=2s
 * &minSamples=100&by=NAME&reason=TEXT}: starts a rollout plan; what is not given comes from config.yml
 * ({@code migration.plan} for steps and dwell, {@code migration.autoRollback} for the gates). The instance holding the
 * lease sets the rollout to the first step within a second, advances each step after its dwell while the gates hold on
 * the fleet's figures since the step began, and rolls back to 0 when one fails. Refused (400) while a plan runs or is
 * paused. Without parameters it prints the plan (running or the last one).
 */
public final class RolloutPlanTask extends Task implements AttributedTask {
    /** The longest dwell of a step: a plan is for days, not years. */
    static final Duration MAX_DWELL = Duration.ofDays(30);
    private static final List<String> PARAMETERS = List.of("steps", "dwell", "maxFallbackRate", "maxMismatchRate",
            "maxP99", "minSamples", "by", "reason");

    private final RolloutPlans plans;
    private final MigrationFactory config;

    @Inject
    public RolloutPlanTask(RolloutPlans plans, MigrationFactory config) {
        super("rollout-plan");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        TaskParameters.only(parameters, getName(), PARAMETERS);
        if (parameters.keySet().stream().allMatch(name -> name.equals("by"))) {
            output.println(plans.current().map(RolloutPlan::describe).orElse("no rollout plan was ever started: POST "
                    + "/tasks/rollout-plan?steps=1,5,25,50,100&dwell=10m starts one"));
            return;
        }
        RolloutGates defaults = config.getAutoRollback().gates();
        List<BigDecimal> steps = steps(TaskParameters.single(parameters, "steps"), config.getPlan().getSteps());
        Duration dwell = duration(parameters, "dwell", config.getPlan().getDwell());
        RolloutGates gates = new RolloutGates(rate(parameters, "maxFallbackRate", defaults.maxFallbackRate()),
                rate(parameters, "maxMismatchRate", defaults.maxMismatchRate()),
                duration(parameters, "maxP99", defaults.maxP99()),
                whole(parameters, "minSamples", defaults.minSamples()));
        if (dwell.isNegative() || dwell.isZero() || dwell.compareTo(MAX_DWELL) > 0) {
            throw new IllegalArgumentException("dwell is how long each step lasts at least, from 1ms to "
                    + MAX_DWELL.toDays() + "d, e.g. 10m; not " + dwell);
        }
        Optional<String> reason = Reason.of(parameters);
        RolloutPlan plan = plans.start(steps, dwell, gates, actor, reason);
        output.println(plan.describe());
        output.println("The instance holding the lease sets the rollout to " + plan.percent().stripTrailingZeros()
                .toPlainString() + " % within a second; watch GET /migration (\"plan\") and /migration/history.");
    }

    private static List<BigDecimal> steps(String value, List<BigDecimal> fallback) {
        if (value == null) {
            return fallback;
        }
        List<BigDecimal> steps = new ArrayList<>();
        for (String step : value.split(",")) {
            try {
                steps.add(new BigDecimal(step.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("steps are percentages separated by commas, e.g. 1,5,25,50,100; '"
                        + abbreviate(step) + "' is not a number");
            }
        }
        RolloutPlan.checkSteps(steps);
        return steps;
    }

    /** A duration such as {@code 10m}, {@code 90s}, {@code 800ms} (Dropwizard's, as in config.yml). */
    static Duration duration(Map<String, List<String>> parameters, String name, Duration fallback) {
        String value = TaskParameters.single(parameters, name);
        if (value == null) {
            return fallback;
        }
        try {
            return io.dropwizard.util.Duration.parse(value.trim()).toJavaDuration();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is a duration such as 10m, 90s or 800ms; not '"
                    + abbreviate(value) + "'");
        }
    }

    private static double rate(Map<String, List<String>> parameters, String name, double fallback) {
        String value = TaskParameters.single(parameters, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a share from 0 to 1 (0.05 = 5 %); not '" + abbreviate(value)
                    + "'");
        }
    }

    private static long whole(Map<String, List<String>> parameters, String name, long fallback) {
        String value = TaskParameters.single(parameters, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a whole number, 1 or more (e.g. 100); not '"
                    + abbreviate(value) + "'");
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
