package dev.hearth.home.wiring;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.adapters.out.persistence.switches.KillSwitchJdbiAdapter;
import dev.hearth.home.adapter.in.admin.KillSwitchesServlet;
import dev.hearth.home.adapter.in.admin.SectionSwitchTask;
import dev.hearth.home.application.KillSwitches;
import dev.hearth.home.application.LoadedScreens;
import dev.hearth.home.application.SectionSwitches;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Kill switches (docs/adr/027-kill-switches.md): the switches in the database, followed by this instance every
 * {@code killSwitches.pollInterval} and read by every screen request; {@code POST /tasks/section-off},
 * {@code /tasks/section-on} and {@code GET /switches} on the admin port.
 */
public final class KillSwitchModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SectionSwitches.class).to(KillSwitches.class);
    }

    @Provides
    @Singleton
    KillSwitchStorePort store(Jdbi jdbi) {
        return new KillSwitchJdbiAdapter(jdbi);
    }

    @Provides
    @Singleton
    KillSwitches switches(KillSwitchStorePort store, Supplier<LoadedScreens> screens, HomeConfiguration configuration,
            Clock clock, MetricRegistry metrics) {
        return new KillSwitches(store, screens, configuration.getKillSwitches().getPollInterval(), clock, metrics);
    }

    @ProvidesIntoSet
    Task sectionOff(KillSwitches switches) {
        return SectionSwitchTask.off(switches);
    }

    @ProvidesIntoSet
    Task sectionOn(KillSwitches switches) {
        return SectionSwitchTask.on(switches);
    }

    @ProvidesIntoSet
    AdminPage page(KillSwitchesServlet servlet) {
        return new AdminPage("switches", servlet, KillSwitchesServlet.PATH);
    }

    @ProvidesIntoSet
    MetricSet gauges(KillSwitches switches) {
        Map<String, Metric> gauges = Map.of(
                KillSwitches.IN_FORCE, (Gauge<Integer>) () -> switches.current().size(),
                KillSwitches.REFRESH_FAILURES, (Gauge<Long>) switches::refreshFailures);
        return () -> gauges;
    }

    /** Stops the polling before the database closes. */
    @ProvidesIntoSet
    Managed stop(KillSwitches switches) {
        return Bindings.closing(switches);
    }
}
