package dev.hearth.home.runtime;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.ScreenCatalog;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.home.application.DownstreamFailureClassifier;
import dev.hearth.home.application.LoadedScreens;
import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.config.EngineFactory;
import dev.hearth.home.config.PortsFactory;
import dev.hearth.home.resilience.Lateness;
import dev.hearth.home.resilience.PolicyFailureClassifier;
import dev.hearth.home.resilience.PortPolicies;
import dev.hearth.home.resilience.PortPolicy;
import dev.hearth.ports.domain.model.CustomerId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What serves screens right now: the engine with every port guarded by its policy, and the screens
 * compiled against it, swapped as one by {@link #reload}. Requests read {@link #current()} once each.
 * A reload builds everything new first; any problem leaves the running definition untouched.
 */
public final class ScreenRuntime {
    private record State(LoadedScreens loaded, PortPolicies policies, Path screens, String screensVersion,
            String portsVersion) {
        State(LoadedScreens loaded, PortPolicies policies, Path screens, Map<String, PortPolicy> resolved) {
            this(loaded, policies, screens, ScreensVersion.of(screens), ScreenRuntime.portsVersion(resolved));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScreenRuntime.class);
    /**
     * How many last-good values (freshness and stale fallbacks) this instance keeps in memory, across screens and
     * customers, when they are not shared on Redis.
     */
    public static final int FRESH_AND_STALE_VALUES = 10_000;

    private final BoundPorts ports;
    private final PortWarnings checks;
    private final AtomicReference<State> state;
    private final UnaryOperator<PortRegistry<CustomerId>> tracing;

    private ScreenRuntime(BoundPorts ports, PortWarnings checks, UnaryOperator<PortRegistry<CustomerId>> tracing,
            State initial) {
        this.ports = ports;
        this.checks = checks;
        this.tracing = tracing;
        this.state = new AtomicReference<>(initial);
    }

    /**
     * Resolves the port policies (asking {@code lateness} whose fault a timeout was), builds the engine with
     * {@code engine}'s limits and loads the screens. What {@code checks} finds in the port settings (a bulkhead wider
     * than its downstream's pool, a timeout the overload fallback comes too late for) is logged as a warning.
     *
     * @throws IllegalArgumentException naming every bad {@code ports.*} key
     * @throws dev.hearth.dsl.ScreenDefinitionException for a bad screen file
     */
    public static ScreenRuntime start(BoundPorts ports, PortWarnings checks, PortsFactory settings,
            EngineFactory engine, Path screens, CallListeners listeners, Lateness lateness) {
        return start(ports, checks, settings, engine, screens, listeners, lateness, UnaryOperator.identity(),
                new CaffeineResultStore(FRESH_AND_STALE_VALUES));
    }

    /**
     * As above, with {@code tracing} around every guarded port (outside its policy, so one call span covers its
     * retries), kept for reloads, and last good values kept in {@code results} (in memory, or shared on Redis).
     */
    public static ScreenRuntime start(BoundPorts ports, PortWarnings checks, PortsFactory settings,
            EngineFactory engine, Path screens, CallListeners listeners, Lateness lateness,
            UnaryOperator<PortRegistry<CustomerId>> tracing, ResultStore results) {
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(tracing, "tracing");
        PortRegistry<CustomerId> bare = ports.registry();
        Map<String, PortPolicy> resolved = resolve(settings, ports);
        checks.warnings(resolved).forEach(warning -> LOG.warn("{}", warning));
        PortPolicies policies = PortPolicies.create(resolved, ports.writes(), listeners, lateness);
        AggregationEngine<CustomerId> built = engine.builder(CustomerId.class)
                .resultStore(results)
                .ports(tracing.apply(policies.decorate(bare)))
                .failureClassifier(new DownstreamFailureClassifier().orElse(new PolicyFailureClassifier()))
                .listener(listeners)
                .build();
        return new ScreenRuntime(ports, checks, tracing, new State(new LoadedScreens(built,
                ScreenCatalog.load(screens, built)), policies, screens, resolved));
    }

    /** Every port the screens can call, without policies: which downstream each calls, which ones write. */
    public BoundPorts ports() {
        return ports;
    }

    public LoadedScreens current() {
        return state.get().loaded();
    }

    public PortPolicies policies() {
        return state.get().policies();
    }

    /** A short hash of the screen files running now ({@link ScreensVersion}): instances that differ have drifted. */
    public String screensVersion() {
        return state.get().screensVersion();
    }

    /**
     * A short hash of the port policies in force: every port's resolved policy (its keys over {@code defaults} over the
     * built-in ones, {@code dw.*} overrides applied), so two files that differ only in layout, comments or a key
     * spelled out at its default have the same version, and any change of what a port does changes it.
     */
    public String portsVersion() {
        return state.get().portsVersion();
    }

    /** The screens directory the running screens were read from. */
    public Path screens() {
        return state.get().screens();
    }

    static String portsVersion(Map<String, PortPolicy> resolved) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(resolved).forEach((port, policy) -> text.append(port).append('=').append(policy).append('\n'));
        return ContentHash.version(text.toString());
    }

    /**
     * Builds new port policies (keeping breakers and bulkheads whose settings did not change), a new
     * engine sharing the running one's state and call limits (config.yml's {@code engine:} needs a restart), and
     * the screens compiled against it; then swaps them in.
     *
     * @return what changed, one line each, then a {@code warning:} line per finding of the start's {@code checks}
     * @throws IllegalArgumentException or ScreenDefinitionException when anything is wrong; nothing changed then
     */
    public synchronized List<String> reload(PortsFactory settings, Path screens) {
        State running = state.get();
        PortRegistry<CustomerId> bare = ports.registry();
        Map<String, PortPolicy> resolved = resolve(settings, ports);
        PortPolicies policies = running.policies().update(resolved);
        AggregationEngine<CustomerId> engine = running.loaded().engine().withPorts(tracing.apply(policies.decorate(bare)));
        ScreenCatalog<CustomerId> catalog = ScreenCatalog.load(screens, engine);
        state.set(new State(new LoadedScreens(engine, catalog), policies, screens, resolved));

        List<String> changes = new ArrayList<>(policies.changesFrom(running.policies()));
        if (!screens.equals(running.screens())) {
            changes.add("screens: now read from " + screens);
        }
        changes.add("screens: " + catalog.ids().size() + " loaded " + catalog.ids());
        checks.warnings(resolved).forEach(warning -> changes.add("warning: " + warning));
        return changes;
    }

    private static Map<String, PortPolicy> resolve(PortsFactory settings, BoundPorts ports) {
        return settings.resolve(ports.registry().names(), ports.writes());
    }
}
