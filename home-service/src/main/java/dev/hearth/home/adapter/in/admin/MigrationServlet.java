package dev.hearth.home.adapter.in.admin;

import com.codahale.metrics.Counting;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.migration.FleetFigures;
import dev.hearth.home.migration.MigrationMetrics;
import dev.hearth.home.migration.Rollout;
import dev.hearth.home.migration.plan.AutoRollbackPolicy;
import dev.hearth.home.migration.plan.Autopilot;
import dev.hearth.home.migration.plan.RolloutPlans;
import dev.hearth.home.migration.plan.Verdict;
import dev.hearth.ports.domain.model.MigrationLease;
import dev.hearth.ports.domain.model.RolloutGates;
import dev.hearth.ports.domain.model.RolloutPlan;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.TreeMap;

/**
 * The admin port's view of the migration: {@code GET /migration} (the rollout this instance follows, who served how
 * many requests, shadow comparison's counters, and {@code window}: the fleet's figures over the last
 * {@code migration.autoRollback.window}, with the mismatch rate per section) and {@code GET /migration/mismatches?groups=N&examples=K} (stored
 * mismatches: {@code sections}, their count per section id, and {@code groups}, grouped by path, most frequent first,
 * each with its newest examples; values at sensitive paths show as the hashes or masks that are stored) and
 * {@code GET /migration/history?limit=N} (the rollout's changes, every instance's, newest first: when, who, from/to,
 * why). Changes go through the tasks {@code rollout}, {@code shadow-sampling} and {@code shadow-clear}.
 */
public final class MigrationServlet extends HttpServlet {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MigrationServlet.class);
    /** Mapped by the application under these patterns. */
    public static final String[] MAPPINGS = {"/migration", "/migration/*"};
    /** The most path groups summed into the per-section counts. */
    static final int ALL_GROUPS = 10_000;
    /** The most changes {@code /migration/history} answers with at once. */
    static final int MAX_HISTORY = 1000;

    private final transient Rollout rollout;
    private final transient MismatchStorePort mismatches;
    private final transient MetricRegistry metrics;
    private final transient ObjectMapper mapper;
    private final transient FleetFigures fleet;
    private final transient RolloutPlans plans;
    private final transient Autopilot autopilot;

    @Inject
    public MigrationServlet(Rollout rollout, MismatchStorePort mismatches, MetricRegistry metrics, ObjectMapper mapper,
            FleetFigures fleet, RolloutPlans plans, Autopilot autopilot) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.autopilot = Objects.requireNonNull(autopilot, "autopilot");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.mismatches = Objects.requireNonNull(mismatches, "mismatches");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            json(response, 200, status());
        } else if (path.equals("/mismatches")) {
            int groups = number(request, "groups", 50);
            int examples = number(request, "examples", 3);
            if (groups < 1 || groups > 1000 || examples < 0 || examples > 100) {
                json(response, 400, Map.of("status", 400, "detail", "groups must be 1 to 1000 and examples 0 to 100, "
                        + "e.g. /migration/mismatches?groups=20&examples=3"));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sections", perSection(mismatches.groups(ALL_GROUPS, 0)));
            body.put("groups", mismatches.groups(groups, examples));
            json(response, 200, body);
        } else if (path.equals("/history")) {
            int limit = number(request, "limit", 50);
            if (limit < 1 || limit > MAX_HISTORY || request.getParameterMap().keySet().stream()
                    .anyMatch(name -> !name.equals("limit"))) {
                json(response, 400, Map.of("status", 400, "detail", "limit must be a whole number from 1 to "
                        + MAX_HISTORY + " (the newest changes first; 50 when not given), and the only parameter, "
                        + "e.g. /migration/history?limit=20"));
                return;
            }
            json(response, 200, Map.of("changes", rollout.history(limit).stream().map(MigrationServlet::entry)
                    .toList()));
        } else {
            json(response, 404, Map.of("status", 404, "detail", "No " + path + " here: GET /migration, "
                    + "/migration/mismatches or /migration/history"));
        }
    }

    /** Stored mismatches per section id (the {@code sections[id]} that starts a path; other paths under "-"). */
    static Map<String, Long> perSection(List<MismatchStorePort.Group> groups) {
        Map<String, Long> counts = new TreeMap<>();
        for (MismatchStorePort.Group group : groups) {
            String path = group.path();
            int end = path.indexOf(']');
            String section = path.startsWith("sections[") && end > 0 ? path.substring("sections[".length(), end) : "-";
            counts.merge(section, group.count(), Long::sum);
        }
        return counts;
    }

    private Map<String, Object> status() {
        RolloutSettings settings = rollout.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rolloutPercent", settings.percent().stripTrailingZeros().toPlainString());
        body.put("allowList", settings.allowList().stream().sorted().toList());
        body.put("shadowRate", settings.shadowRate());
        body.put("version", settings.version());
        body.put("changedAt", settings.changedAt().toString());
        body.put("changedBy", settings.changedBy());
        body.put("refreshFailures", rollout.refreshFailures());
        body.put("shadowInFlight", metrics.getGauges().containsKey(MigrationMetrics.SHADOW_IN_FLIGHT)
                ? metrics.getGauges().get(MigrationMetrics.SHADOW_IN_FLIGHT).getValue() : 0);
        body.put("counters", counts("hearth.migration.", "hearth.shadow."));
        body.put("window", window());
        body.put("plan", unlessTheDatabaseFails("plan", this::plan));
        body.put("autoRollback", autoRollback());
        return body;
    }

    /** The rollout plan as stored (null when none was ever started), who drives it, and the driver's last verdict. */
    private Map<String, Object> plan() {
        RolloutPlan plan = plans.current().orElse(null);
        if (plan == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", plan.state().name());
        body.put("why", plan.why());
        body.put("steps", plan.steps().stream().map(p -> p.stripTrailingZeros().toPlainString()).toList());
        body.put("step", plan.step() + 1);
        body.put("percent", plan.percent().stripTrailingZeros().toPlainString());
        body.put("stepStartedAt", plan.stepStartedAt().toString());
        body.put("dwell", plan.dwell().toString());
        body.put("dwellEnds", plan.dwellEnds().toString());
        body.put("gates", gates(plan.gates()));
        body.put("startedBy", plan.startedBy());
        body.put("startedAt", plan.startedAt().toString());
        body.put("driver", driver());
        body.put("lastVerdict", autopilot.lastPlanVerdict().map(MigrationServlet::verdict).orElse(null));
        return body;
    }

    /** config.yml's automatic rollback, and its last verdict when this instance judges (holds the lease). */
    private Map<String, Object> autoRollback() {
        AutoRollbackPolicy policy = autopilot.autoRollback();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", policy.enabled());
        body.put("window", policy.window().toString());
        body.put("gates", gates(policy.gates()));
        body.put("driver", driver());
        body.put("lastVerdict", autopilot.lastAutoVerdict().map(MigrationServlet::verdict).orElse(null));
        return body;
    }

    /** The instance holding the lease (it judges), and whether it is this one. */
    private Map<String, Object> driver() {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<MigrationLease> lease;
        try {
            lease = autopilot.lease();
        } catch (RuntimeException e) {
            LOG.warn("GET /migration could not read the rollout lease", e);
            lease = Optional.empty();
            body.put("unavailable", "the lease could not be read from the database (the log says why)");
        }
        body.put("holder", lease.map(MigrationLease::holder).orElse(null));
        body.put("leaseExpiresAt", lease.map(l -> l.expiresAt().toString()).orElse(null));
        body.put("thisInstance", autopilot.holder());
        body.put("holding", autopilot.holding());
        return body;
    }

    private static Map<String, Object> gates(RolloutGates gates) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxFallbackRate", gates.maxFallbackRate());
        body.put("maxMismatchRate", gates.maxMismatchRate());
        body.put("maxP99Ms", gates.maxP99().toMillis());
        body.put("minSamples", gates.minSamples());
        return body;
    }

    private static Map<String, Object> verdict(Autopilot.Judged judged) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", judged.at().toString());
        body.put("verdict", switch (judged.verdict()) {
            case Verdict.Advance advance -> "advance";
            case Verdict.Hold hold -> "hold";
            case Verdict.RollBack rollBack -> "rollBack";
        });
        body.put("says", judged.verdict().says());
        return body;
    }

    /** The fleet's figures, or what kept them from being read (the rest of the page still answers). */
    /** {@code read}, or what says it could not be read: the rest of the page answers while the database is away. */
    private static Object unlessTheDatabaseFails(String what, Supplier<Object> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            LOG.warn("GET /migration could not read the {} from the database", what, e);
            return Map.of("unavailable", "the " + what + " could not be read from the database (the log says why)");
        }
    }

    private Map<String, Object> window() {
        try {
            return window(fleet.lastWindow());
        } catch (RuntimeException e) {
            LOG.warn("GET /migration could not read the fleet's migration figures", e);
            return Map.of("unavailable", "the fleet's figures could not be read from the database (the log says why); "
                    + "this instance's own counts are in counters");
        }
    }

    /** The fleet's figures over the last {@code migration.autoRollback.window}; rates are null when nothing counted. */
    static Map<String, Object> window(MigrationFigures figures) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("since", figures.since().toString());
        window.put("until", figures.until().toString());
        window.put("instances", figures.instances());
        window.put("routedToHearth", figures.routedToHearth());
        window.put("hearthServed", figures.hearthServed());
        window.put("fallbacks", figures.fallbacks());
        window.put("fallbackRate", orNull(figures.fallbackRate()));
        window.put("compared", figures.compared());
        window.put("mismatched", figures.mismatched());
        window.put("mismatchRate", orNull(figures.mismatchRate()));
        window.put("hearthP99Ms", figures.hearthP99().map(java.time.Duration::toMillis).orElse(null));
        window.put("worstSection", figures.worstSection().orElse(null));
        Map<String, Object> sections = new TreeMap<>();
        Map<String, Double> rates = figures.sectionMismatchRates();
        figures.mismatchedBySection().forEach((id, count) -> sections.put(id, Map.of("mismatched", count,
                "rate", rates.getOrDefault(id, 0.0))));
        window.put("sections", sections);
        return window;
    }

    private static Double orNull(OptionalDouble rate) {
        return rate.isPresent() ? rate.getAsDouble() : null;
    }

    /** One change as {@code /migration/history} shows it. */
    private static Map<String, Object> entry(RolloutChange change) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("version", change.version());
        entry.put("changedAt", change.changedAt().toString());
        entry.put("actor", change.actor());
        entry.put("actorKind", change.actorKind());
        entry.put("reason", change.reason().orElse(null));
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("percent", change.fromPercent().map(p -> p.stripTrailingZeros().toPlainString()).orElse(null));
        from.put("shadowRate", change.fromShadowRate().orElse(null));
        entry.put("from", from);
        Map<String, Object> to = new LinkedHashMap<>();
        to.put("percent", change.toPercent().stripTrailingZeros().toPlainString());
        to.put("shadowRate", change.toShadowRate());
        entry.put("to", to);
        entry.put("allowAdded", change.allowAdded().stream().sorted().toList());
        entry.put("allowRemoved", change.allowRemoved().stream().sorted().toList());
        return entry;
    }

    private Map<String, Long> counts(String... prefixes) {
        Map<String, Long> counts = new TreeMap<>();
        metrics.getMetrics().forEach((name, metric) -> {
            for (String prefix : prefixes) {
                if (name.startsWith(prefix) && metric instanceof Counting counting) {
                    counts.put(name, counting.getCount());
                }
            }
        });
        return counts;
    }

    private static int number(HttpServletRequest request, String name, int fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), body);
    }
}
