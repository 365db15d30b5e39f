package dev.hearth.home.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.hearth.home.resilience.Lateness;
import dev.hearth.home.resilience.SchedulerLag;
import dev.hearth.home.runtime.CallListeners;
import io.dropwizard.lifecycle.Managed;
import jakarta.inject.Singleton;

/**
 * What the ports' policies share: how late Hearth's own threads run (so a timeout Hearth caused does not open a
 * circuit), and the listeners that hear every call and retry.
 */
public final class ResilienceModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CallListeners.class).in(Singleton.class);
        bind(Lateness.class).to(SchedulerLag.class);
    }

    @Provides
    @Singleton
    SchedulerLag schedulerLag() {
        return SchedulerLag.start();
    }

    @ProvidesIntoSet
    Managed stopLagProbe(SchedulerLag lag) {
        return Bindings.closing(lag);
    }
}
