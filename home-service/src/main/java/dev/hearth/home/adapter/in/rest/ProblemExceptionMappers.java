package dev.hearth.home.adapter.in.rest;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.home.application.port.in.ScreenQueryException;
import dev.hearth.home.application.port.in.UnknownCustomerException;
import dev.hearth.home.observability.MetricNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Every error the API answers is {@code application/problem+json}. */
public final class ProblemExceptionMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionMappers.class);

    private ProblemExceptionMappers() {
    }

    public static List<ExceptionMapper<?>> all() {
        return List.of(new WebApplication(), new ScreenQuery(), new UnknownCustomer(), new Unexpected());
    }

    static String requestId() {
        return MDC.get(RequestIdFilter.MDC_KEY);
    }

    /**
     * Jersey's own errors (404 unknown path, 405, 406, 415, 403 from @RolesAllowed, ...), as the general problem of their
     * status ({@link Problem.Type#of}), keeping their headers ({@code Allow} on a 405).
     */
    static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException exception) {
            Response original = exception.getResponse();
            Response.StatusType status = original.getStatusInfo();
            String detail = switch (status.getStatusCode()) {
                case 403 -> "Your token does not grant access to this resource (it lacks the scope it needs).";
                case 404 -> "There is nothing at this path. The API serves /v1/home and /v1/screens/{screen}.";
                case 405 -> "This path does not answer that method; the Allow header lists the ones it does.";
                case 406 -> "This path answers application/json (errors application/problem+json), which the "
                        + "Accept header does not allow.";
                case 415 -> "This path takes no request body of that media type.";
                default -> exception.getMessage();
            };
            Response.ResponseBuilder problem = Response.fromResponse(Problem.response(status, detail, requestId()));
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(value -> problem.header(name, value));
                }
            });
            return problem.build();
        }
    }

    /** A screen or section that does not exist, or a missing parameter. */
    static final class ScreenQuery implements ExceptionMapper<ScreenQueryException> {
        @Override
        public Response toResponse(ScreenQueryException exception) {
            Problem.Type type = switch (exception.kind()) {
                case UNKNOWN -> Problem.Type.NOT_FOUND;
                case MISSING_PARAMETER -> Problem.Type.MISSING_PARAMETER;
            };
            return Problem.response(type, exception.getMessage(), requestId());
        }
    }

    /**
     * A valid token for a customer the bank does not know: 403, not 404 (the path exists, and 404 already means an
     * account that is not the caller's) and not 503 (nothing is down); its own {@code type}.
     */
    static final class UnknownCustomer implements ExceptionMapper<UnknownCustomerException> {
        @Override
        public Response toResponse(UnknownCustomerException exception) {
            return Problem.response(Problem.Type.UNKNOWN_CUSTOMER, exception.getMessage(), requestId());
        }
    }

    /**
     * A request that waited too long since it arrived to be built in time, answered at once (docs/adr/031-answer-on-time.md):
     * 503 {@code overloaded} with {@code Retry-After} (whole seconds), counted ({@link MetricNames#LATE_UNAVAILABLE}).
     * A late home that legacy answered never gets here.
     */
    public static final class Late implements ExceptionMapper<LateRequestException> {
        private final Counter unavailable;

        @Inject
        public Late(MetricRegistry metrics) {
            this.unavailable = metrics.counter(MetricNames.LATE_UNAVAILABLE);
        }

        @Override
        public Response toResponse(LateRequestException exception) {
            unavailable.inc();
            return Response.fromResponse(Problem.response(Problem.Type.OVERLOADED, exception.getMessage(), requestId()))
                    .header("Retry-After", Math.max(1, exception.retryAfter().toSeconds()))
                    .build();
        }
    }

    /** Anything else is our fault: logged with its stack, answered without internals. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable exception) {
            if (exception instanceof WebApplicationException web) {
                return new WebApplication().toResponse(web);
            }
            LOG.error("Unexpected error answering a request", exception);
            return Problem.response(Problem.Type.INTERNAL_ERROR,
                    "An unexpected error occurred; quote the request id when you report it.", requestId());
        }
    }
}
