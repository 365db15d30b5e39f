package dev.hearth.home.wiring;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.adapters.out.http.cards.CardHttpAdapter;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.adapters.out.http.legacy.LegacyHomeHttpAdapter;
import dev.hearth.adapters.out.http.marketing.MarketingHttpAdapter;
import dev.hearth.adapters.out.http.openbanking.OpenBankingHttpAdapter;
import dev.hearth.adapters.out.http.partners.PartnerHttpAdapter;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.application.bindings.ScreenPorts;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.runtime.Downstreams;
import dev.hearth.ports.domain.port.out.DownstreamException;
import io.dropwizard.lifecycle.Managed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * The downstream systems: one HTTP client each ({@link Downstreams}), one adapter each, bound to every out-port it
 * implements, and the screens' registrations of those ports ({@link ScreenBindings#REGISTRATIONS}). A new port of an
 * existing system needs nothing here: its adapter implements the port, and the system's registration registers it.
 */
public final class DownstreamsModule extends AbstractModule {
    @Override
    protected void configure() {
        adapter("coreBanking", CoreBankingHttpAdapter.class, CoreBankingHttpAdapter::new);
        adapter("partners", PartnerHttpAdapter.class, PartnerHttpAdapter::new);
        adapter("cards", CardHttpAdapter.class, CardHttpAdapter::new);
        adapter("openBanking", OpenBankingHttpAdapter.class, OpenBankingHttpAdapter::new);
        adapter("marketing", MarketingHttpAdapter.class, MarketingHttpAdapter::new);
        adapter("legacy", LegacyHomeHttpAdapter.class, LegacyHomeHttpAdapter::new);
        Multibinder<ScreenPorts> registrations = Multibinder.newSetBinder(binder(), ScreenPorts.class);
        ScreenBindings.REGISTRATIONS.forEach(registration -> registrations.addBinding().to(registration));
    }

    @Provides
    @Singleton
    Downstreams downstreams(HomeConfiguration configuration, @Named(SandboxModule.BASE_URI) Optional<URI> sandbox,
            MetricRegistry metrics) {
        return new Downstreams(configuration.getDownstreams(), sandbox, metrics);
    }

    @ProvidesIntoSet
    Managed closeClients(Downstreams downstreams) {
        return Bindings.closing(downstreams);
    }

    /** The adapter of {@code downstream}, built once on its client, and bound to every out-port it implements. */
    private <A> void adapter(String downstream, Class<A> type, Downstreams.HttpAdapter<A> constructor) {
        Provider<Downstreams> downstreams = getProvider(Downstreams.class);
        Provider<ObjectMapper> mapper = getProvider(ObjectMapper.class);
        bind(type).toProvider(() -> downstreams.get().adapter(downstream, constructor, mapper.get()))
                .in(Singleton.class);
        for (Class<?> port : type.getInterfaces()) {
            if (port.getPackageName().equals(DownstreamException.class.getPackageName())) {
                bindPort(port, type);
            }
        }
    }

    private <P> void bindPort(Class<P> port, Class<?> adapter) {
        bind(port).to(adapter.asSubclass(port));
    }
}
