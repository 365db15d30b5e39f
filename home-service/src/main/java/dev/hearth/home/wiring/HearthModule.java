package dev.hearth.home.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.hearth.adapters.out.http.cards.CardHttpAdapter;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.adapters.out.http.openbanking.OpenBankingHttpAdapter;
import dev.hearth.adapters.out.http.partners.PartnerHttpAdapter;
import dev.hearth.adapters.out.persistence.nickname.NicknameJdbiAdapter;
import dev.hearth.home.application.ScreenBindings;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.config.EngineFactory;
import dev.hearth.home.config.PortsFactory;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.ClientTimeoutFit;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.LatenessFit;
import dev.hearth.home.runtime.PoolFit;
import dev.hearth.home.runtime.PortWarnings;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.home.trace.TraceRecorder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The object graph: adapters behind the domain ports, the engine with the screens' port bindings
 * guarded by each port's resilience policy, the screen catalog and the use case. Framework resources (clients, Jdbi) come in ready-made from
 * {@link Downstreams} and the application.
 */
public final class HearthModule extends AbstractModule {
    private final Downstreams downstreams;
    private final Jdbi jdbi;
    private final ObjectMapper mapper;
    private final PortsFactory ports;
    private final EngineFactory engine;
    private final Path screens;
    private final Duration fallbackWhenLateBy;

    public HearthModule(Downstreams downstreams, Jdbi jdbi, ObjectMapper mapper, PortsFactory ports, EngineFactory engine,
            Path screens, Duration fallbackWhenLateBy) {
        this.downstreams = Objects.requireNonNull(downstreams, "downstreams");
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.fallbackWhenLateBy = Objects.requireNonNull(fallbackWhenLateBy, "fallbackWhenLateBy");
    }

    @Provides
    @Singleton
    ScreenBindings.DomainPorts domainPorts() {
        var core = downstreams.adapter("coreBanking", CoreBankingHttpAdapter::new, mapper);
        var cards = downstreams.adapter("cards", CardHttpAdapter::new, mapper);
        return new ScreenBindings.DomainPorts(core, core, core, core,
                downstreams.adapter("partners", PartnerHttpAdapter::new, mapper),
                new NicknameJdbiAdapter(jdbi),
                cards, cards,
                downstreams.adapter("openBanking", OpenBankingHttpAdapter::new, mapper),
                downstreams.adapter("marketing", MarketingHttpAdapter::new, mapper));
    }

    /** The engine and the screens, with every port guarded by its policy; {@code POST /tasks/reload} swaps them. */
    @Provides
    @Singleton
    ScreenRuntime runtime(ScreenBindings.DomainPorts ports, CallListeners listeners, SchedulerLag lag) {
        PortWarnings checks = PortWarnings.all(PoolFit.of(downstreams), ClientTimeoutFit.of(downstreams),
                new LatenessFit(fallbackWhenLateBy));
        return ScreenRuntime.start(ports, checks, this.ports, engine, screens, listeners, lag);
    }

    /**
     * How late Hearth's own threads run, so a timeout Hearth caused does not open a circuit; the application closes
     * it.
     */
    @Provides
    @Singleton
    SchedulerLag schedulerLag() {
        return SchedulerLag.start();
    }

    /** Metrics and traces add themselves here; the engine reports every finished call to all of them. */
    @Provides
    @Singleton
    CallListeners callListeners() {
        return new CallListeners();
    }

    /** Execution traces: hears every call and every request, keeps the slowest and the degraded ones. */
    @Provides
    @Singleton
    TraceRecorder traceRecorder(CallListeners listeners) {
        TraceRecorder traces = new TraceRecorder(Clock.systemUTC(), TraceRecorder.Limits.DEFAULT);
        listeners.add(traces);
        return traces;
    }

    /** Traces and metrics hear every screen request through this one slot of the use case. */
    @Provides
    @Singleton
    ScreenListeners screenListeners() {
        return new ScreenListeners();
    }

    @Provides
    @Singleton
    ScreenService screenService(ScreenRuntime runtime, TraceRecorder traces, ScreenListeners listeners) {
        return new ScreenService(runtime::current, listeners.add(traces));
    }
}
