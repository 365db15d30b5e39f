package dev.hearth.home.wiring;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.adapters.out.http.cards.CardHttpAdapter;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.adapters.out.http.openbanking.OpenBankingHttpAdapter;
import dev.hearth.adapters.out.http.partners.PartnerHttpAdapter;
import dev.hearth.home.adapter.in.rest.ScreenResource;
import dev.hearth.home.adapter.in.rest.WarmUpRequests;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.config.AdminHealthResponderFactory;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.WarmUpFactory;
import dev.hearth.home.resilience.Lateness;
import dev.hearth.home.runtime.CallListeners;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.home.runtime.PortWarnings;
import dev.hearth.home.runtime.ScreenRuntime;
import dev.hearth.home.runtime.WarmUp;
import dev.hearth.ports.domain.model.Nickname;
import dev.hearth.ports.domain.port.out.NicknamePort;
import dev.hearth.sandbox.SandboxServer;
import dev.hearth.sandbox.SandboxSettings;
import io.dropwizard.health.DefaultHealthFactory;
import io.dropwizard.health.HealthFactory;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.LoggerFactory;

/**
 * The probes (docs/adr/018-probes-warm-up-and-drain.md): Dropwizard's health servlet on the admin port
 * ({@code /health-check?type=alive|ready}, from config.yml's {@code health:} block), and the warm-up that holds
 * readiness back until the hot path is compiled: its check {@value #WARMED} is the {@code health} block's critical
 * readiness check. The warm-up starts once the server runs, on a stack of its own: a private sandbox on an ephemeral
 * loopback port stands in for every downstream, an in-memory nickname port for the database, and the engine has no
 * metrics, traces or breakers shared with customers' requests; only the code is shared, which is what the JIT warms.
 */
public final class HealthModule extends AbstractModule {
    /** The warm-up's health check: name it in {@code health.healthChecks} as a critical {@code ready} check. */
    public static final String WARMED = "hearth.warmed";
    /** The sandbox's demo customers, from small to large homes (carol has 100 cards), so every loop gets hot. */
    static final List<String> CUSTOMERS = List.of("alice", "bob", "carol", "alice", "dave");

    private final HomeConfiguration configuration;

    public HealthModule(HomeConfiguration configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    @Override
    protected void configure() {
        adminServlet(configuration.getHealthFactory()).ifPresent(page -> Bindings.pages(binder()).addBinding().toInstance(page));
    }

    /**
     * The health servlet as an admin page, when config.yml has an enabled {@code health:} block. Its responder must be
     * {@code admin}: Dropwizard's own ({@code servlet}) would answer the probes on the API port.
     */
    static Optional<AdminPage> adminServlet(Optional<HealthFactory> health) {
        if (health.isEmpty() || !(health.get() instanceof DefaultHealthFactory factory) || !factory.isEnabled()) {
            return Optional.empty();
        }
        if (!(factory.getHealthResponderFactory() instanceof AdminHealthResponderFactory admin)) {
            throw new IllegalArgumentException("config.yml health.responder must be {type: admin}: Hearth serves "
                    + "/health-check on the admin port, where Kubernetes probes it; Dropwizard's default responder would "
                    + "serve it on the API port. Add `responder: {type: admin}` to the health block.");
        }
        return admin.servlet().map(servlet -> new AdminPage("health-check", servlet,
                admin.paths().toArray(String[]::new)));
    }

    @Provides
    @Singleton
    WarmUp warmUp() {
        WarmUpFactory settings = configuration.getWarmUp();
        return new WarmUp(settings.getHomes(), settings.getConcurrency(), settings.getTimeout().toJavaDuration());
    }

    @ProvidesIntoSet
    HealthChecks warmedCheck(WarmUp warmUp) {
        return new HealthChecks(Map.of(WARMED, new HealthCheck() {
            @Override
            protected Result check() {
                return warmUp.warmed() ? Result.healthy("warm-up " + warmUp.status())
                        : Result.unhealthy("warm-up " + warmUp.status());
            }
        }));
    }

    /** Once the server has started: the warm-up, on a thread of its own, then the stack it used is closed. */
    @ProvidesIntoSet
    LifeCycle.Listener startWarmUp(WarmUp warmUp, ObjectMapper mapper) {
        return new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarted(LifeCycle event) {
                if (warmUp.warmed()) {
                    return;
                }
                Thread.ofPlatform().daemon().name("hearth-warm-up").start(() -> {
                    try (Stack stack = Stack.start(configuration, mapper)) {
                        warmUp.run(i -> stack.requests.home(CUSTOMERS.get(i % CUSTOMERS.size()), "warm-up-" + i));
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(HealthModule.class).warn("Warm-up could not start; ready without it", e);
                        warmUp.skip("could not start: " + e);
                    }
                });
            }
        };
    }

    /** The warm-up's own resource, engine and canned downstreams. */
    record Stack(SandboxServer sandbox, Downstreams downstreams, WarmUpRequests requests) implements AutoCloseable {
        static Stack start(HomeConfiguration configuration, ObjectMapper mapper) {
            SandboxServer sandbox;
            try {
                sandbox = SandboxServer.start(new SandboxSettings("127.0.0.1", 0, 0.0, 0.0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Downstreams downstreams = new Downstreams(Map.of(), Optional.of(sandbox.baseUri()), new MetricRegistry());
            List<Object> adapters = List.of(
                    downstreams.adapter("coreBanking", CoreBankingHttpAdapter::new, mapper),
                    downstreams.adapter("partners", PartnerHttpAdapter::new, mapper),
                    downstreams.adapter("cards", CardHttpAdapter::new, mapper),
                    downstreams.adapter("openBanking", OpenBankingHttpAdapter::new, mapper),
                    downstreams.adapter("marketing", MarketingHttpAdapter::new, mapper));
            NicknamePort nicknames = (context, account) -> Nickname.defaultFor(account); // never the database
            var registrations = ScreenBindings.connected(port -> port == NicknamePort.class ? nicknames
                    : adapters.stream().filter(port::isInstance).findFirst().orElseThrow(() -> new IllegalStateException(
                            "the warm-up has no adapter for " + port.getSimpleName())));
            ScreenRuntime runtime = ScreenRuntime.start(ScreenBindings.bind(registrations, name -> Optional.empty()),
                    PortWarnings.all(), configuration.getPorts(), configuration.getEngine(),
                    Path.of(configuration.getScreens()), new CallListeners(), Lateness.NONE);
            ScreenResource resource = new ScreenResource(new ScreenService(runtime::current), query -> {
                throw new IllegalStateException("the warm-up builds /v1/screens/home, never the migrating /v1/home");
            });
            return new Stack(sandbox, downstreams, new WarmUpRequests(resource, mapper));
        }

        @Override
        public void close() {
            downstreams.close();
            sandbox.close();
        }
    }
}
