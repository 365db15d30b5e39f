package dev.hearth.home.wiring;

import com.codahale.metrics.MetricSet;
import dev.hearth.home.adapter.in.admin.TaskProblemServlet;
import dev.hearth.home.adapter.in.rest.ArrivalFilter;
import dev.hearth.home.adapter.in.rest.BuildLimit;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.config.OverloadFactory;
import dev.hearth.home.migration.LogBudget;
import dev.hearth.home.observability.MetricNames;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * What the modules built for Dropwizard to run: each module adds to these sets, and {@link #registerWith} hands them
 * over. Managed objects are stopped in the reverse order they were bound.
 */
public final class Registrations {
    /** Names the set of Jersey components (resources, filters, features, exception mappers). */
    public static final String JERSEY = "jersey";

    private final Set<Managed> managed;
    private final Set<Object> jersey;
    private final Set<Task> tasks;
    private final Set<AdminPage> pages;
    private final Set<AdminFilter> adminFilters;
    private final Set<HealthChecks> healthChecks;
    private final Set<MetricSet> metrics;
    private final Set<LifeCycle.Listener> serverListeners;
    private final BuildLimit buildLimit;
    private final HomeConfiguration configuration;

    @Inject
    Registrations(Set<Managed> managed, @Named(JERSEY) Set<Object> jersey, Set<Task> tasks, Set<AdminPage> pages,
            Set<AdminFilter> adminFilters, Set<HealthChecks> healthChecks, Set<MetricSet> metrics,
            Set<LifeCycle.Listener> serverListeners, BuildLimit buildLimit, HomeConfiguration configuration) {
        this.managed = managed;
        this.jersey = jersey;
        this.tasks = tasks;
        this.pages = pages;
        this.adminFilters = adminFilters;
        this.healthChecks = healthChecks;
        this.metrics = metrics;
        this.serverListeners = serverListeners;
        this.buildLimit = buildLimit;
        this.configuration = configuration;
    }

    public void registerWith(Environment environment) {
        // The API's first filter, ahead of every other (isMatchAfter false): room for a screen request, and how long it
        // queued before Hearth's code began it, for the decision to answer at once (docs/adr/031-answer-on-time.md,
        // docs/adr/032-limit-on-screens-built-at-once.md).
        OverloadFactory overload = configuration.getOverload();
        environment.servlets().addFilter(ArrivalFilter.NAME, new ArrivalFilter(buildLimit,
                        overload.getAnswerAtOnceAfter(), overload.getConcurrency().getLateToLegacy(),
                        environment.metrics().counter(MetricNames.LATE_UNAVAILABLE),
                        new LogBudget(System::nanoTime, Duration.ofSeconds(1))::take))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        managed.forEach(environment.lifecycle()::manage);
        metrics.forEach(environment.metrics()::registerAll);
        jersey.forEach(environment.jersey()::register);
        tasks.forEach(environment.admin()::addTask); // listed by GET /tasks; run by the servlet below
        TaskProblemServlet taskServlet = new TaskProblemServlet(tasks, environment.getObjectMapper());
        environment.admin().addServlet("hearth-tasks", taskServlet).addMapping(taskServlet.mappings());
        pages.forEach(page -> environment.admin().addServlet(page.name(), page.servlet()).addMapping(page.mappings()));
        adminFilters.forEach(filter -> environment.admin().addFilter(filter.name(), filter.filter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, filter.mappings()));
        healthChecks.forEach(group -> group.checks().forEach(environment.healthChecks()::register));
        serverListeners.forEach(environment.lifecycle()::addEventListener);
    }
}
