package dev.hearth.home.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.home.adapter.in.rest.ErrorBodyFilter;
import dev.hearth.home.adapter.in.rest.NoStoreFilter;
import dev.hearth.home.adapter.in.rest.OpenApiResource;
import dev.hearth.home.adapter.in.rest.ProblemExceptionMappers;
import dev.hearth.home.adapter.in.rest.ProblemUnauthorizedHandler;
import dev.hearth.home.adapter.in.rest.QueryTokenFilter;
import dev.hearth.home.adapter.in.rest.RequestIdFilter;
import dev.hearth.home.adapter.in.rest.ScreenResource;
import dev.hearth.home.adapter.in.rest.SingleAuthorizationFilter;
import dev.hearth.home.adapter.in.rest.TraceContextFilter;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.home.auth.JwtAuthenticator;
import dev.hearth.home.auth.ScopeAuthorizer;
import dev.hearth.home.auth.VerificationKeys;
import dev.hearth.home.config.AuthFactory;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.trace.Tracing;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.lifecycle.Managed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * The app's API on Jersey: bearer tokens verified and their scope checked, request ids and trace context, every error
 * as {@code application/problem+json} (Jetty's own too: {@link ApiErrorHandlers}), nothing stored by a cache, and the
 * resources.
 */
public final class RestModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<Object> jersey = Bindings.jersey(binder());
        jersey.addBinding().to(AuthDynamicFeature.class);
        jersey.addBinding().toInstance(new RolesAllowedDynamicFeature());
        jersey.addBinding().toInstance(new AuthValueFactoryProvider.Binder<>(CustomerPrincipal.class));
        jersey.addBinding().toInstance(new RequestIdFilter());
        jersey.addBinding().to(TraceContextFilter.class);
        jersey.addBinding().toInstance(new QueryTokenFilter());
        jersey.addBinding().toInstance(new SingleAuthorizationFilter());
        ProblemExceptionMappers.all().forEach(mapper -> jersey.addBinding().toInstance(mapper));
        jersey.addBinding().to(ProblemExceptionMappers.Late.class); // counts its 503s: needs the metric registry
        jersey.addBinding().toInstance(new ErrorBodyFilter());
        jersey.addBinding().toInstance(new NoStoreFilter());
        Bindings.serverListeners(binder()).addBinding().to(ApiErrorHandlers.class).in(Singleton.class);
        bind(ScreenResource.class).in(Singleton.class);
        jersey.addBinding().to(ScreenResource.class);
        jersey.addBinding().toInstance(new OpenApiResource());
    }

    /** The request's server span, by the tracing {@link TracingModule} configured. */
    @Provides
    @Singleton
    TraceContextFilter traceContext(Tracing tracing) {
        return new TraceContextFilter(tracing);
    }

    /**
     * The token verification keys of {@code auth}; start-up is refused while they trust the sandbox's key with the
     * sandbox off. Fetched keys are fetched once before traffic, and their refresh stopped with the service.
     */
    @Provides
    @Singleton
    VerificationKeys verificationKeys(AuthFactory auth, HomeConfiguration configuration) {
        VerificationKeys keys = VerificationKeys.of(auth);
        keys.refuseSandboxKeyWithoutSandbox(configuration.getSandbox().isEnabled(),
                Optional.ofNullable(configuration.getSandbox().getSigningKey()));
        return keys;
    }

    @ProvidesIntoSet
    Managed verificationKeysLifecycle(VerificationKeys keys) {
        return new Managed() {
            @Override
            public void start() {
                keys.warm();
            }

            @Override
            public void stop() throws IOException {
                keys.close();
            }
        };
    }

    @Provides
    @Singleton
    AuthDynamicFeature auth(JwtAuthenticator authenticator) {
        return new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<CustomerPrincipal>()
                .setAuthenticator(authenticator)
                .setAuthorizer(new ScopeAuthorizer())
                .setPrefix("Bearer")
                .setRealm("hearth")
                .setUnauthorizedHandler(new ProblemUnauthorizedHandler())
                .buildAuthFilter());
    }
}
