package dev.hearth.home.adapter.in.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document: what went wrong, for a person and for a program. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String requestId) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.StatusType status, String detail) {
        return response(status, detail, null);
    }

    public static Response response(Response.StatusType status, String detail, String requestId) {
        return response(status, "about:blank", detail, requestId);
    }

    /** A problem of its own kind: {@code type} is a stable URI a client may branch on. */
    public static Response response(Response.StatusType status, String type, String detail, String requestId) {
        Problem problem = new Problem(type, status.getReasonPhrase(), status.getStatusCode(), detail, requestId);
        return Response.status(status.getStatusCode()).type(MEDIA_TYPE).entity(problem).build();
    }
}
