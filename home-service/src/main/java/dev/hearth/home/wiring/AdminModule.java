package dev.hearth.home.wiring;

import com.google.inject.AbstractModule;
import dev.hearth.home.adapter.in.admin.AdminBasicAuthFilter;
import dev.hearth.home.auth.AdminPassword;
import dev.hearth.home.config.AdminAccessFactory;
import io.dropwizard.core.server.ServerFactory;
import java.util.Objects;

/**
 * Who may use the admin port ({@code admin:} in config.yml): with a password hash, HTTP basic authentication on every
 * admin path but the probes; without one, start-up is refused unless every admin connector binds to loopback
 * (docs/SECURITY.md, "The admin port").
 */
public final class AdminModule extends AbstractModule {
    private final AdminAccessFactory access;
    private final ServerFactory server;

    public AdminModule(AdminAccessFactory access, ServerFactory server) {
        this.access = Objects.requireNonNull(access, "access");
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    protected void configure() {
        var filters = Bindings.adminFilters(binder());
        access.refuseOpenToTheNetwork(server); // throws the one-line refusal
        access.getPasswordHash().map(AdminModule::parse).ifPresent(hash -> filters.addBinding().toInstance(
                new AdminFilter("admin-basic-auth", new AdminBasicAuthFilter(access.getUsername(), hash), "/*")));
    }

    private static AdminPassword parse(String hash) {
        try {
            return AdminPassword.parse(hash);
        } catch (IllegalArgumentException e) {
            throw new AdminAccessFactory.AdminPortRefused(AdminAccessFactory.KEY + " " + e.getMessage());
        }
    }
}
