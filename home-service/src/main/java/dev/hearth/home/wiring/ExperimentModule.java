package dev.hearth.home.wiring;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.adapters.out.persistence.experiments.ExperimentJdbiAdapter;
import dev.hearth.home.adapter.in.admin.ExperimentTask;
import dev.hearth.home.adapter.in.admin.ExperimentsServlet;
import dev.hearth.home.application.Experiments;
import dev.hearth.home.application.LoadedScreens;
import dev.hearth.home.application.ScreenExperiments;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.port.out.ExperimentStorePort;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Experiments (docs/adr/029-experiments.md): the experiments in the database, followed by this instance every
 * {@code experiments.pollInterval} and read by every screen request; {@code POST /tasks/experiment-start},
 * {@code /tasks/experiment-change}, {@code /tasks/experiment-stop} and {@code GET /experiments} on the admin port.
 */
public final class ExperimentModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ScreenExperiments.class).to(Experiments.class);
    }

    @Provides
    @Singleton
    ExperimentStorePort store(Jdbi jdbi) {
        return new ExperimentJdbiAdapter(jdbi);
    }

    @Provides
    @Singleton
    Experiments experiments(ExperimentStorePort store, Supplier<LoadedScreens> screens,
            HomeConfiguration configuration, Clock clock, MetricRegistry metrics) {
        return new Experiments(store, screens, configuration.getExperiments().getPollInterval(), clock, metrics);
    }

    @ProvidesIntoSet
    Task start(Experiments experiments) {
        return ExperimentTask.start(experiments);
    }

    @ProvidesIntoSet
    Task change(Experiments experiments) {
        return ExperimentTask.change(experiments);
    }

    @ProvidesIntoSet
    Task stop(Experiments experiments) {
        return ExperimentTask.stop(experiments);
    }

    @ProvidesIntoSet
    AdminPage page(ExperimentsServlet servlet) {
        return new AdminPage("experiments", servlet, ExperimentsServlet.PATH);
    }

    @ProvidesIntoSet
    MetricSet gauges(Experiments experiments) {
        Map<String, Metric> gauges = Map.of(
                Experiments.RUNNING, (Gauge<Integer>) () -> experiments.current().size(),
                Experiments.REFRESH_FAILURES, (Gauge<Long>) experiments::refreshFailures);
        return () -> gauges;
    }

    /** Stops the polling before the database closes. */
    @ProvidesIntoSet
    Managed stopPolling(Experiments experiments) {
        return Bindings.closing(experiments);
    }
}
