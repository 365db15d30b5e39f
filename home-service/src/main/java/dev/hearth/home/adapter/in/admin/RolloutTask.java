package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.migration.Rollout;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RolloutSettings;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /tasks/rollout?percent=P&allow=ID,ID&allowAdd=ID,ID&allowRemove=ID,ID&by=NAME&reason=TEXT}: who is served by Hearth,
 * for every instance (stored in the database, followed by all within {@code migration.pollInterval}). {@code percent}
 * 0 to 100 with up to 4 decimals; 0 sends everyone to legacy. {@code allow} replaces the allow-list ({@code allow=}
 * clears it); {@code allowAdd} and {@code allowRemove} add and remove customers, leaving the others (not together with
 * {@code allow}). Each is one atomic change, kept in the history ({@code GET /migration/history}) with who made it
 * ({@link AttributedTask}) and {@code reason=TEXT} (optional, up to 500 characters). Without parameters it prints the rollout followed now. A refused value
 * answers 400 naming the parameter ({@link TaskProblemServlet}), and nothing changes.
 */
public final class RolloutTask extends Task implements AttributedTask {
    private static final List<String> PARAMETERS = List.of("percent", "allow", "allowAdd", "allowRemove", "by",
            "reason");
    /** How much of a refused id the answer repeats. */
    private static final int ECHO = 70;

    private final Rollout rollout;

    @Inject
    public RolloutTask(Rollout rollout) {
        super("rollout");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        // A misspelt ?percnt=0 must not quietly print the rollout while the operator believes it rolled back.
        TaskParameters.only(parameters, getName(), PARAMETERS);
        String percentParameter = TaskParameters.single(parameters, "percent");
        Set<String> allow = ids(parameters, "allow");
        Set<String> add = ids(parameters, "allowAdd");
        Set<String> remove = ids(parameters, "allowRemove");
        if (percentParameter == null && allow == null && add == null && remove == null) {
            output.println(rollout.current().describe());
            return;
        }
        if (allow != null && (add != null || remove != null)) {
            throw new IllegalArgumentException("allow replaces the allow-list, allowAdd and allowRemove change it: give "
                    + "allow alone, or allowAdd and/or allowRemove");
        }
        BigDecimal percent = percentParameter == null ? null : percent(percentParameter);
        Optional<String> reason = Reason.of(parameters);
        RolloutSettings changed = rollout.change(settings -> {
            RolloutSettings next = percent == null ? settings : settings.withPercent(percent);
            if (allow != null) {
                return next.withAllowList(allow);
            }
            return add == null && remove == null ? next
                    : next.withAllowListChanged(add == null ? Set.of() : add, remove == null ? Set.of() : remove);
        }, actor, reason);
        output.println(changed.describe());
    }

    /** The comma-separated customer ids of {@code name}, each checked; null when absent, empty for {@code name=}. */
    private static Set<String> ids(Map<String, List<String>> parameters, String name) {
        String value = TaskParameters.single(parameters, name);
        if (value == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : value.split(",")) {
            String trimmed = id.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                new CustomerId(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " takes customer ids separated by commas, each 1 to 64 of "
                        + "A-Z a-z 0-9 . _ -; not '" + (trimmed.length() > ECHO ? trimmed.substring(0, ECHO) + "…"
                        : trimmed) + "'");
            }
            ids.add(trimmed);
        }
        return ids;
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
