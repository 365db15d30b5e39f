package dev.hearth.home.adapter.in.rest;

import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.home.application.port.in.AppClient;
import dev.hearth.home.application.port.in.HomeAnswer;
import dev.hearth.home.application.port.in.LegacyUnavailableException;
import dev.hearth.home.application.port.in.ScreenQuery;
import dev.hearth.home.application.port.in.ServeHomeUseCase;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.auth.CustomerPrincipal;
import dev.hearth.ports.domain.model.Side;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The app's API: the home screen, any screen by name, and one section of a screen to refetch.
 * Thin: builds the query, runs the use case, maps the result.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ScreenResource.SCOPE)
public final class ScreenResource {
    /** The scope a token must grant to read screens. */
    public static final String SCOPE = "home:read";
    /** Tells at a glance whether every section is OK. */
    public static final String COMPLETE_HEADER = "X-Hearth-Complete";
    /** The app's platform (e.g. {@code ios}, {@code android}) and version (e.g. {@code 2.1.0}): {@link AppClient}. */
    public static final String PLATFORM_HEADER = "X-App-Platform";
    public static final String VERSION_HEADER = "X-App-Version";
    /** The screen's variant that answered (its name, or {@code default}), as the body's {@code variant} says. */
    public static final String VARIANT_HEADER = "X-Hearth-Variant";
    /** Only when the customer is in an experiment on the screen: its name and the arm (docs/adr/029-experiments.md). */
    public static final String EXPERIMENT_HEADER = "X-Hearth-Experiment";
    public static final String ARM_HEADER = "X-Hearth-Arm";

    private final ShowScreenUseCase screens;
    private final ServeHomeUseCase home;

    @Inject
    public ScreenResource(ShowScreenUseCase screens, ServeHomeUseCase home) {
        this.screens = Objects.requireNonNull(screens, "screens");
        this.home = Objects.requireNonNull(home, "home");
    }

    /**
     * The app's home screen, served by Hearth or by the legacy home as the rollout says ({@value Side#HEADER} tells
     * which); the legacy home answers too when Hearth cannot build it.
     */
    @GET
    @Path("home")
    public Response home(@Auth CustomerPrincipal customer, @Context ContainerRequestContext request,
            @Context HttpServletRequest servlet) {
        ScreenQuery query = query("home", customer, request, servlet, Optional.empty());
        HomeAnswer answer;
        try {
            answer = home.serve(query);
        } catch (LegacyUnavailableException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "The home screen cannot be shown: "
                    + e.getMessage() + ". Try again shortly.", query.requestId());
        }
        Response.ResponseBuilder response = answer.legacy()
                .map(legacy -> Response.ok(legacy.json(), MediaType.APPLICATION_JSON_TYPE))
                .orElseGet(() -> Response.fromResponse(answer(query, answer.screen().orElseThrow())));
        return response.header(Side.HEADER, answer.side().label()).build();
    }

    @GET
    @Path("screens/{screen}")
    public Response screen(@Auth CustomerPrincipal customer, @PathParam("screen") String screen,
            @Context ContainerRequestContext request, @Context HttpServletRequest servlet) {
        return answer(query(screen, customer, request, servlet, Optional.empty()));
    }

    @GET
    @Path("screens/{screen}/sections/{section}")
    public Response section(@Auth CustomerPrincipal customer, @PathParam("screen") String screen,
            @PathParam("section") String section, @Context ContainerRequestContext request,
            @Context HttpServletRequest servlet) {
        return answer(query(screen, customer, request, servlet, Optional.of(section)));
    }

    /**
     * The query; how long the request has waited since it arrived is measured here, once, and how long it had queued
     * before Hearth's code began it is what {@link ArrivalFilter} noted (ADR 031).
     */
    private static ScreenQuery query(String screen, CustomerPrincipal customer, ContainerRequestContext request,
            HttpServletRequest servlet, Optional<String> section) {
        UriInfo uri = request.getUriInfo();
        Map<String, String> params = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> params.put(name, values.getFirst()));
        Duration queued = Arrival.queued(servlet);
        Duration waited = Arrival.waited(servlet);
        return new ScreenQuery(screen, customer.customerId(), RequestIdFilter.of(request), customer.bearerToken(),
                params, section, Optional.ofNullable(TraceContextFilter.of(request)),
                AppClient.of(request.getHeaderString(PLATFORM_HEADER), request.getHeaderString(VERSION_HEADER)),
                waited, queued.compareTo(waited) > 0 ? waited : queued);
    }

    private Response answer(ScreenQuery query) {
        return answer(query, screens.show(query));
    }

    private static Response answer(ScreenQuery query, ScreenResult result) {
        if (result.failure().isPresent()) {
            return failure(result.failure().get(), query.requestId());
        }
        Response.ResponseBuilder ok = Response.ok(ScreenResponse.of(result))
                .header(COMPLETE_HEADER, result.complete())
                .header(VARIANT_HEADER, result.variant());
        result.experiment().ifPresent(name -> ok.header(EXPERIMENT_HEADER, name));
        result.arm().ifPresent(arm -> ok.header(ARM_HEADER, arm));
        return ok.build();
    }

    private static Response failure(ScreenFailure failure, String requestId) {
        if (failure.notFound()) {
            return Problem.response(Response.Status.NOT_FOUND, failure.message(), requestId);
        }
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "The screen cannot be shown: its required section '"
                + failure.sectionId() + "' failed (" + failure.reason() + "). Try again shortly.", requestId);
    }
}
