package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.migration.Rollout;
import dev.hearth.ports.domain.model.RolloutSettings;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /tasks/rollout?percent=P&allow=ID,ID&by=NAME}: who is served by Hearth, for every instance (stored in the
 * database, followed by all within {@code migration.pollInterval}). {@code percent} 0 to 100 with up to 4 decimals;
 * 0 sends everyone to legacy. {@code allow} replaces the allow-list ({@code allow=} clears it). Without parameters it
 * prints the rollout followed now. Bad values answer 500 with the reason, and nothing changes.
 */
public final class RolloutTask extends Task {
    private final Rollout rollout;

@Inject
    public RolloutTask(Rollout rollout) {
        super("rollout");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        // A misspelt ?percnt=0 must not quietly print the rollout while the operator believes it rolled back.
        TaskParameters.only(parameters, getName(), List.of("percent", "allow", "by"));
        String percentParameter = TaskParameters.single(parameters, "percent");
        String allow = TaskParameters.single(parameters, "allow");
        if (percentParameter == null && allow == null) {
            output.println(rollout.current().describe());
            return;
        }
        BigDecimal percent = percentParameter == null ? null : percent(percentParameter);
        Set<String> allowList = allow == null ? null : Arrays.stream(allow.split(",")).map(String::trim)
                .filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        RolloutSettings changed = rollout.change(settings -> {
            RolloutSettings next = percent == null ? settings : settings.withPercent(percent);
            return allowList == null ? next : next.withAllowList(allowList);
        }, TaskParameters.by(parameters));
        output.println(changed.describe());
    }

    private static BigDecimal percent(String value) {
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percent must be a number from 0 to 100 (e.g. 5 or 0.5), not '" + value
                    + "'");
        }
    }
}
