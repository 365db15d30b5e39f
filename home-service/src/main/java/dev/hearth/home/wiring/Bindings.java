package dev.hearth.home.wiring;

import com.codahale.metrics.MetricSet;
import com.google.inject.Binder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.tasks.Task;
import org.eclipse.jetty.util.component.LifeCycle;

/** The sets every module adds to ({@link Registrations}), so that each module names only its own contributions. */
final class Bindings {
    private Bindings() {
    }

    static Multibinder<Managed> managed(Binder binder) {
        return Multibinder.newSetBinder(binder, Managed.class);
    }

    static Multibinder<Object> jersey(Binder binder) {
        return Multibinder.newSetBinder(binder, Object.class, Names.named(Registrations.JERSEY));
    }

    static Multibinder<Task> tasks(Binder binder) {
        return Multibinder.newSetBinder(binder, Task.class);
    }

    static Multibinder<AdminPage> pages(Binder binder) {
        return Multibinder.newSetBinder(binder, AdminPage.class);
    }

    static Multibinder<AdminFilter> adminFilters(Binder binder) {
        return Multibinder.newSetBinder(binder, AdminFilter.class);
    }

    static Multibinder<HealthChecks> healthChecks(Binder binder) {
        return Multibinder.newSetBinder(binder, HealthChecks.class);
    }

    static Multibinder<MetricSet> metrics(Binder binder) {
        return Multibinder.newSetBinder(binder, MetricSet.class);
    }

    /** Listeners of the Jetty server's life cycle: what must be set on the server itself as it starts. */
    static Multibinder<LifeCycle.Listener> serverListeners(Binder binder) {
        return Multibinder.newSetBinder(binder, LifeCycle.Listener.class);
    }

    /** Stops {@code resource} with the server. */
    static Managed closing(AutoCloseable resource) {
        return new Managed() {
            @Override
            public void stop() throws Exception {
                resource.close();
            }
        };
    }
}
