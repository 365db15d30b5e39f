package dev.hearth.home.application;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.Client;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.ScreenCatalog;
import dev.hearth.dsl.ScreenRequest;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import dev.hearth.dsl.Variant;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.application.bindings.UnknownCustomer;
import dev.hearth.home.application.port.in.AppClient;
import dev.hearth.home.application.port.in.ScreenQuery;
import dev.hearth.home.application.port.in.ScreenQueryException;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.application.port.in.UnknownCustomerException;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Experiment;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.MDC;

/**
 * The use case behind every screen endpoint: find the screen and the variant the app gets, check its parameters,
 * answer at once if it cannot be built in time ({@link AnswerAtOnce}), run it. A screen that failed
 * because core banking does not know the customer is an {@link UnknownCustomerException}, on every screen alike.
 */
public final class ScreenService implements ShowScreenUseCase {
    private final Supplier<LoadedScreens> loaded;
    private final ScreenRequestListener listener;
    private final SectionSwitches switches;
    private final ScreenExperiments experiments;
    private final AnswerAtOnce answerAtOnce;

    /**
     * {@code loaded} is read once per query, so a reload (new engine and catalog, swapped together)
     * takes effect at once and a query never mixes the two.
     */
    public ScreenService(Supplier<LoadedScreens> loaded) {
        this(loaded, ScreenRequestListener.NONE, SectionSwitches.NONE, ScreenExperiments.NONE, AnswerAtOnce.OFF);
    }

    /** Without experiments. */
    public ScreenService(Supplier<LoadedScreens> loaded, ScreenRequestListener listener, SectionSwitches switches) {
        this(loaded, listener, switches, ScreenExperiments.NONE, AnswerAtOnce.OFF);
    }

    /**
     * As {@link #ScreenService(Supplier)}, telling {@code listener} of every request the engine runs (traces), with
     * the sections {@code switches} says are switched off for the app's platform left out (kill switches: OMITTED,
     * DISABLED, no call), and an app that gets the default served its arm of the experiment {@code experiments}
     * runs on the screen (docs/adr/029-experiments.md), and a request that waited too long since it arrived answered at
     * once as {@code answerAtOnce} decides (docs/adr/031-answer-on-time.md).
     */
    @Inject
    public ScreenService(Supplier<LoadedScreens> loaded, ScreenRequestListener listener, SectionSwitches switches,
            ScreenExperiments experiments, AnswerAtOnce answerAtOnce) {
        this.loaded = Objects.requireNonNull(loaded, "loaded");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.switches = Objects.requireNonNull(switches, "switches");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.answerAtOnce = Objects.requireNonNull(answerAtOnce, "answerAtOnce");
    }

    @Override
    public ScreenResult show(ScreenQuery query) {
        LoadedScreens current = loaded.get();
        AggregationEngine<CustomerId> engine = current.engine();
        ScreenCatalog<CustomerId> screens = current.catalog();
        CompiledScreen<CustomerId> base = screens.find(query.screen()).orElseThrow(() -> new ScreenQueryException(
                ScreenQueryException.Kind.UNKNOWN,
                "There is no screen '" + query.screen() + "'. Known screens: " + new TreeSet<>(screens.ids())));
        CompiledScreen<CustomerId> selected = base.select(client(query.client())); // the app's variant: a lookup
        // An app on the default is in the screen's experiment, if one runs: its arm's variant instead (memory only).
        Optional<Experiment> experiment = selected.variant().equals(Variant.DEFAULT)
                ? experiments.running(base.id()) : Optional.empty();
        Optional<String> arm = Optional.empty();
        if (experiment.isPresent()) {
            String variant = experiment.get().arm(query.customer()).variant();
            Optional<CompiledScreen<CustomerId>> armed = base.variant(variant)
                    .filter(v -> v.definition().map(Variant::experimentOnly).orElse(true));
            // A screen file reloaded without the arm's variant (or with it chosen by headers now): the default, in no
            // experiment; never an error (GET /experiments says inForce: false).
            if (armed.isPresent()) {
                selected = armed.get();
                arm = Optional.of(variant);
            }
        }
        CompiledScreen<CustomerId> screen = selected;
        query.section().ifPresent(section -> requireSection(screen, section));
        requireParams(screen, query.params());
        // Before any port is called: a request that cannot be built in time is answered at once (ADR 031).
        answerAtOnce.check(query, screen.screen().budget());

        ScreenRequest.Builder<CustomerId> request = ScreenRequest.builder(query.customer())
                .requestId(query.requestId())
                .waited(query.waited()) // the budget counts from arrival (ADR 031)
                .attribute(ScreenBindings.AUTHORIZATION, query.bearerToken())
                .attribute(ScreenBindings.TRACEPARENT, query.traceparent().orElse(null));
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc != null) {
            request.mdc(mdc);
        }
        query.params().forEach(request::param);
        switches.off(screen.id(), query.client().platform()).forEach(request::disable);
        listener.started(query.requestId(), screen.id());
        ScreenResult result;
        try {
            result = query.section()
                    .map(section -> engine.execute(screen, request.build(), section))
                    .orElseGet(() -> engine.execute(screen, request.build()));
        } catch (RuntimeException e) {
            listener.abandoned(query.requestId(), e);
            throw e;
        }
        if (arm.isPresent()) {
            result = result.inExperiment(experiment.get().name(), arm.get());
        }
        listener.finished(query.requestId(), result);
        if (result.failure().filter(UnknownCustomer::is).isPresent()) {
            throw new UnknownCustomerException();
        }
        return result;
    }

    /** The app as a screen's variants see it: a version that is no dotted number is as good as none. */
    static Client client(AppClient app) {
        return Client.of(app.platform().orElse(null), app.version().orElse(null));
    }

    private static void requireSection(CompiledScreen<?> screen, String section) {
        boolean known = screen.screen().sections().stream().anyMatch(s -> s.id().equals(section));
        if (!known) {
            throw new ScreenQueryException(ScreenQueryException.Kind.UNKNOWN, "Screen '" + screen.id()
                    + "' has no section '" + section + "'. Its sections: "
                    + screen.screen().sections().stream().map(Section::id).toList());
        }
    }

    private static void requireParams(CompiledScreen<?> screen, Map<String, String> params) {
        var missing = screen.screen().sections().stream()
                .map(Section::from)
                .filter(Source.Param.class::isInstance)
                .map(source -> ((Source.Param) source).name())
                .filter(name -> params.getOrDefault(name, "").isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            throw new ScreenQueryException(ScreenQueryException.Kind.MISSING_PARAMETER, "Screen '" + screen.id()
                    + "' needs the query parameter(s) " + missing + ", e.g. ?" + missing.first() + "=...");
        }
    }
}
