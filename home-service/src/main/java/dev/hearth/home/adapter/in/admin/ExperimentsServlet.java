package dev.hearth.home.adapter.in.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.application.Experiments;
import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /experiments}: the experiments this instance follows (docs/adr/029-experiments.md): for each, its screen,
 * name, arms with their percentages, version, when it started and last changed and by whom, whether it is in force
 * here (its screen and every arm's variant are loaded); then the history of every start, change and stop (who, when,
 * from which arms to which, why), newest first, read from the database now ({@code history} is {@code null} with
 * {@code historyError} when it cannot be read: the running ones are this instance's memory and still shown). With
 * the poll interval and how many reads of the database have failed in a row (0: following it).
 */
public final class ExperimentsServlet extends HttpServlet {
    public static final String PATH = "/experiments";
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentsServlet.class);

    private final transient Experiments experiments;
    private final transient ObjectMapper mapper;

    @Inject
    public ExperimentsServlet(Experiments experiments, ObjectMapper mapper) {
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiments", experiments.current().stream().map(this::entry).toList());
        body.put("pollInterval", experiments.pollInterval().toString());
        body.put("refreshFailures", experiments.refreshFailures());
        try {
            body.put("history", experiments.history().stream().map(ExperimentsServlet::change).toList());
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the experiments' history", e);
            body.put("history", null);
            body.put("historyError", "the database cannot be read now: " + e.getClass().getSimpleName());
        }
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(200);
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), body);
    }

    private Map<String, Object> entry(Experiment e) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("screen", e.screen());
        entry.put("name", e.name());
        List<Map<String, Object>> arms = e.arms().stream().map(a -> {
            Map<String, Object> arm = new LinkedHashMap<>();
            arm.put("variant", a.variant());
            arm.put("percent", a.percent());
            return arm;
        }).toList();
        entry.put("arms", arms);
        entry.put("version", e.version());
        entry.put("startedAt", e.startedAt().toString());
        entry.put("changedAt", e.changedAt().toString());
        entry.put("actor", e.actor());
        entry.put("inForce", experiments.inForce(e));
        return entry;
    }

    private static Map<String, Object> change(ExperimentChange c) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("screen", c.screen());
        entry.put("experiment", c.experiment());
        entry.put("action", c.action().name().toLowerCase(Locale.ROOT));
        entry.put("changedAt", c.changedAt().toString());
        entry.put("actor", c.actor());
        entry.put("reason", c.reason().orElse(null));
        entry.put("from", c.fromArms().orElse(null));
        entry.put("to", c.toArms().orElse(null));
        return entry;
    }
}
