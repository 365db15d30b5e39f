package dev.hearth.home.adapter.in.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.migration.Rollout;
import dev.hearth.home.runtime.ConfigVersions;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.home.application.Experiments;
import dev.hearth.home.application.KillSwitches;
import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.SectionSwitch;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /version} on the admin port: the build this instance runs, when it started, and the content hashes of
 * the screens, the port policies and the rollout it follows, as JSON. Every instance of a healthy fleet answers the
 * same three hashes (docs/RUNBOOK.md, "Is the fleet running the same config?"); {@code reload.rejected} says a change
 * of the files on disk was refused and why; {@code killSwitches} lists the sections switched off it follows;
 * {@code experiments} the experiments it follows (screen/name, arms, version).
 */
public final class VersionServlet extends HttpServlet {
    public static final String PATH = "/version";

    private final transient ConfigVersions versions;
    private final transient Rollout rollout;
    private final transient ObjectMapper mapper;
    private final transient KillSwitches switches;
    private final transient Experiments experiments;

    @Inject
    public VersionServlet(ConfigVersions versions, Rollout rollout, ObjectMapper mapper, KillSwitches switches,
            Experiments experiments) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.switches = Objects.requireNonNull(switches, "switches");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConfigVersions.Versions now = versions.now();
        RolloutSettings settings = rollout.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("build", versions.build());
        body.put("startedAt", versions.startedAt().toString());
        body.put("screens", now.screens());
        body.put("ports", now.ports());
        body.put("rollout", now.rollout());
        Map<String, Object> followed = new LinkedHashMap<>();
        followed.put("percent", settings.percent().stripTrailingZeros().toPlainString());
        followed.put("allowList", settings.allowList().stream().sorted().toList());
        followed.put("shadowRate", settings.shadowRate());
        followed.put("version", settings.version());
        body.put("rolloutSettings", followed);
        // The kill switches this instance follows (GET /switches has who, when and why).
        body.put("killSwitches", switches.current().stream().map(SectionSwitch::where).toList());
        // The experiments this instance follows (GET /experiments has who, when, why and the history).
        body.put("experiments", experiments.current().stream().map(e -> e.screen() + "/" + e.name() + " "
                + Experiment.format(e.arms()) + " (version " + e.version() + ")").toList());
        Map<String, Object> reload = new LinkedHashMap<>();
        reload.put("watchInterval", versions.watchInterval().map(Object::toString).orElse("off"));
        reload.put("rejected", versions.rejected().map(r -> Map.of("files", r.files(), "reason", r.reason(),
                "at", r.at().toString())).orElse(null));
        body.put("reload", reload);
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(200);
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), body);
    }
}
