package dev.hearth.home.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.home.adapter.in.admin.ReloadTask;
import dev.hearth.home.adapter.in.admin.VersionServlet;
import dev.hearth.home.adapter.in.rest.BuildLimit;
import dev.hearth.home.application.AnswerAtOnce;
import dev.hearth.home.application.LoadedScreens;
import dev.hearth.home.application.ScreenRequestListener;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.application.bindings.ScreenPorts;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.config.EngineFactory;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.MigrationFactory;
import dev.hearth.home.config.OverloadFactory;
import dev.hearth.home.config.PortsFactory;
import dev.hearth.home.config.ResultStoreFactory;
import dev.hearth.home.migration.LogBudget;
import dev.hearth.home.migration.Rollout;
import dev.hearth.home.observability.ResultStoreMetrics;
import dev.hearth.home.resilience.Lateness;
import dev.hearth.home.runtime.CaffeineResultStore;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.ClientTimeoutFit;
import dev.hearth.home.runtime.ConfigReloader;
import dev.hearth.home.runtime.ConfigSource;
import dev.hearth.home.runtime.ConfigVersions;
import dev.hearth.home.runtime.ConfigWatcher;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.LatenessFit;
import dev.hearth.home.runtime.PoolFit;
import dev.hearth.home.runtime.PortWarnings;
import dev.hearth.home.runtime.RedisResultStore;
import dev.hearth.home.runtime.ScreenListeners;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.home.trace.CallSpans;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The screens: every registered port guarded by its policy, the engine, the screen files compiled against it, the use
 * case that serves them, {@code POST /tasks/reload}, which swaps ports' policies and screens at run time, the watcher
 * that does the same when their files change, and {@code GET /version}, the versions this instance runs.
 */
public final class ScreensModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ScreenListeners.class).in(Singleton.class);
        bind(ScreenRequestListener.class).to(ScreenListeners.class);
        bind(ShowScreenUseCase.class).to(ScreenService.class);
        bind(ScreenService.class).in(Singleton.class);
    }

    /** Which requests waited too long since they arrived to be built in time (docs/adr/031-answer-on-time.md). */
    @Provides
    @Singleton
    AnswerAtOnce answerAtOnce(HomeConfiguration configuration) {
        OverloadFactory overload = configuration.getOverload();
        LogBudget logs = new LogBudget(System::nanoTime, java.time.Duration.ofSeconds(1));
        return new AnswerAtOnce(overload.getAnswerAtOnceAfter(), overload.getMinimumBudgetLeft(), logs::take);
    }

    /**
     * The limit on screen requests in Hearth's hands at once (docs/adr/032-limit-on-screens-built-at-once.md); none
     * while {@code overload.answerAtOnceAfter} is 0: a request without room would have nowhere to go.
     */
    @Provides
    @Singleton
    BuildLimit buildLimit(HomeConfiguration configuration) {
        OverloadFactory overload = configuration.getOverload();
        OverloadFactory.Concurrency limit = overload.getConcurrency();
        if (!limit.isEnabled() || overload.getAnswerAtOnceAfter().isZero()) {
            return BuildLimit.OFF;
        }
        return BuildLimit.adaptive(limit.getInitialLimit(), limit.getMinLimit(), limit.getMaxLimit());
    }

    @Provides
    @Singleton
    BoundPorts ports(Set<ScreenPorts> registrations) {
        return ScreenBindings.bind(List.copyOf(registrations), name -> Optional.empty());
    }

    /** The engine and the screens, with every port guarded by its policy; {@code POST /tasks/reload} swaps them. */
    @Provides
    @Singleton
    ScreenRuntime runtime(BoundPorts ports, Downstreams downstreams, HomeConfiguration configuration,
            PortsFactory settings, EngineFactory engine, MigrationFactory migration, CallListeners listeners,
            Lateness lateness, CallSpans spans, ResultStore results) {
        PortWarnings checks = PortWarnings.all(PoolFit.of(downstreams, ports), ClientTimeoutFit.of(downstreams, ports),
                new LatenessFit(migration.getFallbackWhenLateBy()));
        return ScreenRuntime.start(ports, checks, settings, engine, Path.of(configuration.getScreens()), listeners,
                lateness, spans::decorate, results);
    }

    /**
     * Where last good values are kept: on Redis, shared by the fleet, when {@code resultStore.redisUri} names one
     * (connecting in the background, fail-open: docs/adr/019-result-store-on-redis.md); else in memory.
     */
    @Provides
    @Singleton
    ResultStore results(HomeConfiguration configuration, ObjectMapper json, BoundPorts ports,
            ResultStoreMetrics metrics) {
        ResultStoreFactory store = configuration.getResultStore();
        return store.redis().<ResultStore>map(uri -> RedisResultStore.start(new RedisResultStore.Settings(uri,
                        store.operationTimeout(), store.keyPrefix(), store.connectTimeout()), json, ports.registry(),
                        metrics))
                .orElseGet(() -> new CaffeineResultStore(ScreenRuntime.FRESH_AND_STALE_VALUES));
    }

    @Provides
    @Singleton
    ResultStoreMetrics resultStoreMetrics() {
        return new ResultStoreMetrics();
    }

    @ProvidesIntoSet
    Managed closeResults(ResultStore results) {
        return results instanceof AutoCloseable closeable ? Bindings.closing(closeable) : new Managed() { };
    }

    /** Read once per request: a reload takes effect at once, and a request never mixes two definitions. */
    @Provides
    Supplier<LoadedScreens> screens(ScreenRuntime runtime) {
        return runtime::current;
    }

    @ProvidesIntoSet
    Task reload(ReloadTask task) {
        return task;
    }

    /**
     * Applies the files when they change, as the reload task does, while {@code reload.watchInterval} is not 0
     * (docs/adr/021-fleet-config.md).
     */
    @Provides
    @Singleton
    Optional<ConfigWatcher> watcher(HomeConfiguration configuration, ConfigSource source, ScreenRuntime runtime,
            ConfigReloader reloader, Clock clock) {
        return configuration.getReload().getWatchInterval().map(interval ->
                new ConfigWatcher(ConfigWatcher.fingerprint(source, runtime::screens), reloader::reload, clock));
    }

    @ProvidesIntoSet
    Managed watch(Optional<ConfigWatcher> watcher, HomeConfiguration configuration) {
        return new Managed() {
            @Override
            public void start() {
                watcher.ifPresent(w -> w.start(configuration.getReload().getWatchInterval().orElseThrow()));
            }

            @Override
            public void stop() {
                watcher.ifPresent(ConfigWatcher::close);
            }
        };
    }

    /** The versions of what this instance runs: {@code GET /version} and {@code hearth_config_info}. */
    @Provides
    @Singleton
    ConfigVersions versions(ScreenRuntime runtime, Rollout rollout, Optional<ConfigWatcher> watcher,
            HomeConfiguration configuration, Clock clock) {
        return new ConfigVersions(runtime::screensVersion, runtime::portsVersion, rollout::contentVersion, watcher,
                configuration.getReload().getWatchInterval(), ConfigVersions.buildVersion(), clock.instant());
    }

    @ProvidesIntoSet
    AdminPage version(VersionServlet servlet) {
        return new AdminPage("version", servlet, VersionServlet.PATH);
    }
}
