package dev.hearth.home.adapter.in.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Jetty answers itself on the API, before Jersey sees the request, as {@code application/problem+json}: the
 * parser's 400, 414 and 431, the URI checks' 400 ({@code ..%2F}, a control character in the path), and a servlet's
 * {@code sendError} such as Dropwizard's 405 for a method it does not let through ({@code TRACE}). Jetty hands every
 * such error to an error handler ({@code Response.writeError}); this one answers with the problem's {@code type}, an
 * {@code X-Request-Id} (the caller's when well formed, else a new one), {@code Cache-Control: no-store}, and on a 405
 * the {@code Allow} the API's paths have.
 */
public final class ProblemErrorHandler implements Request.Handler {
    /** The methods every path of the API answers (all are read-only). */
    public static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 120;
    /** Jetty's URI check refuses a request with its violation's description as the reason. */
    private static final Map<String, UriCompliance.Violation> URI_VIOLATIONS = Arrays
            .stream(UriCompliance.Violation.values())
            .collect(Collectors.toMap(UriCompliance.Violation::getDescription, Function.identity()));

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
            reason = reason == null ? http.getReason() : reason;
        }
        String requestId = RequestIdFilter.acceptOrCreate(request.getHeaders().get(RequestIdFilter.HEADER));
        Problem problem = problem(status, printable(reason), request, requestId);
        LOG.debug("{} {} answered by Jetty: {} {}", request.getMethod(), status, problem.type(), reason);

        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, NoStoreFilter.NO_STORE);
        headers.put(RequestIdFilter.HEADER, requestId);
        if (status == HttpStatus.METHOD_NOT_ALLOWED_405 && !headers.contains(HttpHeader.ALLOW)) {
            headers.put(HttpHeader.ALLOW, ALLOW);
        }
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded(); // a HEAD answer has the headers only, also when Jetty refused it before a handler ran
        } else {
            response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(problem)), callback);
        }
        return true;
    }

    static Problem problem(int status, String reason, Request request, String requestId) {
        int limit = request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
        return switch (status) {
            case HttpStatus.BAD_REQUEST_400 -> badRequest(reason, requestId);
            case HttpStatus.URI_TOO_LONG_414 -> Problem.of(Problem.Type.URI_TOO_LONG, "The request line is longer than the "
                    + limit + " bytes the server reads for a request's line and headers; no identifier of this API "
                    + "comes near that.", requestId);
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> Problem.of(Problem.Type.HEADER_TOO_LARGE, "The request's "
                    + "headers are larger than the " + limit + " bytes the server accepts (a bearer token of this "
                    + "API is far smaller).", requestId);
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> Problem.of(Problem.Type.METHOD_NOT_ALLOWED, "The API answers "
                    + ALLOW + " only (the Allow header); " + printable(request.getMethod()) + " is refused.", requestId);
            default -> Problem.of(status, HttpStatus.getMessage(status), "HTTP " + status + " "
                    + (reason == null ? HttpStatus.getMessage(status) : reason) + ".", requestId);
        };
    }

    private static Problem badRequest(String reason, String requestId) {
        UriCompliance.Violation violation = reason == null ? null : URI_VIOLATIONS.get(reason);
        if (violation == null) {
            return Problem.of(Problem.Type.MALFORMED_REQUEST, "The request is not valid HTTP/1.1"
                    + (reason == null ? "" : " (" + reason + ")") + ".", requestId);
        }
        return switch (violation) {
            case AMBIGUOUS_PATH_SEGMENT, AMBIGUOUS_EMPTY_SEGMENT, AMBIGUOUS_PATH_SEPARATOR, AMBIGUOUS_PATH_PARAMETER,
                    AMBIGUOUS_PATH_ENCODING -> Problem.of(Problem.Type.AMBIGUOUS_PATH, "The path is ambiguous (" + reason
                    + "): an encoded '/' or '.' ('%2F', '%2e'), an empty segment or a ';' parameter could mean two "
                    + "different paths, so it is refused. Send the path as it is meant, unencoded.", requestId);
            case SUSPICIOUS_PATH_CHARACTERS, ILLEGAL_PATH_CHARACTERS -> Problem.of(Problem.Type.SUSPICIOUS_PATH_CHARACTER,
                    "The path contains a character no path of this API has (" + reason + "): a control character, "
                            + "encoded ('%18') or not.", requestId);
            default -> Problem.of(Problem.Type.INVALID_URI, "The URI is refused (" + reason + ").", requestId);
        };
    }

    /** Jetty's reason as plain printable ASCII, short: it is written into the answer. */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        String plain = text.replaceAll("[^\\x20-\\x7e]", "?");
        return plain.length() <= MAX_REASON ? plain : plain.substring(0, MAX_REASON) + "...";
    }
}
