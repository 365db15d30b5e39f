package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.application.Experiments;
import dev.hearth.ports.domain.model.Experiment;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The experiments' tasks (docs/adr/029-experiments.md), for every instance (stored in the database, followed by all
 * within {@code experiments.pollInterval}):
 * <ul>
 *   <li>{@code POST /tasks/experiment-start?screen=home&name=NAME&arms=default:50,new-banners:50[&reason=TEXT][&by=NAME]}:
 *   apps that get the screen's default are split by a sticky hash of the customer and the name into the arms, each
 *   the default (the control) or a variant of the screen written with {@code when: { experiment: true }}. Refused
 *   (400 saying why): an unknown screen or variant, a variant apps choose by their headers, percentages that are not
 *   whole or do not sum to 100, fewer than two arms, an experiment already running on the screen.</li>
 *   <li>{@code POST /tasks/experiment-change?screen=home&name=NAME&arms=default:80,new-banners:20[&reason][&by]}: new
 *   percentages for the same arms; only the customers whose bucket changes arm move.</li>
 *   <li>{@code POST /tasks/experiment-stop?screen=home[&name=NAME][&reason][&by]}: everyone gets what their app
 *   selects again.</li>
 * </ul>
 * Who did it is recorded ({@link AttributedTask}); {@code GET /experiments} shows them and their history.
 */
public final class ExperimentTask extends Task implements AttributedTask {
    private enum Action {
        START, CHANGE, STOP
    }

    private static final List<String> PARAMETERS = List.of("screen", "name", "arms", "reason", "by");
    private static final List<String> STOP_PARAMETERS = List.of("screen", "name", "reason", "by");

    private final Experiments experiments;
    private final Action action;

    private ExperimentTask(String name, Experiments experiments, Action action) {
        super(name);
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.action = action;
    }

    /** {@code POST /tasks/experiment-start}. */
    public static ExperimentTask start(Experiments experiments) {
        return new ExperimentTask("experiment-start", experiments, Action.START);
    }

    /** {@code POST /tasks/experiment-change}. */
    public static ExperimentTask change(Experiments experiments) {
        return new ExperimentTask("experiment-change", experiments, Action.CHANGE);
    }

    /** {@code POST /tasks/experiment-stop}. */
    public static ExperimentTask stop(Experiments experiments) {
        return new ExperimentTask("experiment-stop", experiments, Action.STOP);
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        // A misspelt ?armz= must not do something else than was asked.
        TaskParameters.only(parameters, getName(), action == Action.STOP ? STOP_PARAMETERS : PARAMETERS);
        String screen = required(parameters, "screen");
        Optional<String> reason = Reason.of(parameters);
        switch (action) {
            case START -> {
                Experiment started = experiments.start(screen, required(parameters, "name"),
                        required(parameters, "arms"), actor, reason);
                output.println("started: " + started.describe());
            }
            case CHANGE -> {
                Experiments.Changed changed = experiments.change(screen, required(parameters, "name"),
                        required(parameters, "arms"), actor, reason);
                output.println("changed: " + changed.after().describe() + "; was "
                        + Experiment.format(changed.before().arms()));
            }
            case STOP -> {
                Optional<String> name = Optional.ofNullable(TaskParameters.single(parameters, "name"))
                        .filter(n -> !n.isBlank()).map(String::strip);
                Optional<Experiment> stopped = experiments.stop(screen, name, actor, reason);
                output.println(stopped.map(e -> "stopped: " + e.describe() + "; everyone gets their app's variant")
                        .orElse("no experiment runs on screen '" + screen + "', unchanged"));
            }
        }
    }

    private String required(Map<String, List<String>> parameters, String name) {
        String value = TaskParameters.single(parameters, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(getName() + " needs " + name + "=..., e.g. POST /tasks/experiment-start"
                    + "?screen=home&name=new-banners&arms=default:50,new-banners:50&reason=PROD-12");
        }
        return value.strip();
    }
}
