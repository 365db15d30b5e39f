package dev.hearth.home.adapter.in.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.application.KillSwitches;
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
 * {@code GET /switches}: the kill switches this instance follows (docs/adr/027-kill-switches.md): for each section
 * switched off, its screen, section, platform ({@code null}: every platform), who switched it off, when and why,
 * whether it is in force here (the section runs here and is optional) and the sections off with it (they read it);
 * with the poll interval and how many reads of the database have failed in a row (0: following it). Changes go
 * through {@code POST /tasks/section-off} and {@code /tasks/section-on}.
 */
public final class KillSwitchesServlet extends HttpServlet {
    public static final String PATH = "/switches";

    private final transient KillSwitches switches;
    private final transient ObjectMapper mapper;

    @Inject
    public KillSwitchesServlet(KillSwitches switches, ObjectMapper mapper) {
        this.switches = Objects.requireNonNull(switches, "switches");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("switches", switches.current().stream().map(this::entry).toList());
        body.put("pollInterval", switches.pollInterval().toString());
        body.put("refreshFailures", switches.refreshFailures());
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(200);
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), body);
    }

    private Map<String, Object> entry(SectionSwitch s) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("screen", s.screen());
        entry.put("section", s.section());
        entry.put("platform", s.platform().orElse(null));
        entry.put("switchedAt", s.switchedAt().toString());
        entry.put("actor", s.actor());
        entry.put("reason", s.reason().orElse(null));
        entry.put("inForce", switches.inForce(s));
        entry.put("offWithIt", switches.offWithIt(s));
        return entry;
    }
}
