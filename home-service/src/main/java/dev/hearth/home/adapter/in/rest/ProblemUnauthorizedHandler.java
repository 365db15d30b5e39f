package dev.hearth.home.adapter.in.rest;

import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** 401 as problem+json, with the challenge RFC 6750 asks for. */
public final class ProblemUnauthorizedHandler implements UnauthorizedHandler {
    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                        "A valid bearer token is required: send 'Authorization: Bearer <token>'. The token was "
                                + "missing, malformed, expired, not signed by a trusted key, or not issued for this service.",
                        ProblemExceptionMappers.requestId()))
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .build();
    }
}
