package dev.hearth.home.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The HTTP and JSON the end-to-end tests share: one client, reading answers, finding sections. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** Far longer than any answer a test waits for (a hang is cut by the application, not by the client). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** A request to {@code uri} with the tests' timeout. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }

    /** Sends it and reads the whole body. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ?a=1&b=2}, encoded; empty for no parameters. */
    static String query(Map<String, String> params) {
        return params.isEmpty() ? "" : params.entrySet().stream()
                .map(p -> enc(p.getKey()) + "=" + enc(p.getValue())).collect(Collectors.joining("&", "?", ""));
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The body as JSON, after checking the status (the body is the failure's description). */
    public static JsonNode body(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json(response.body());
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A header's first value, or null when the answer has none. */
    public static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The answer's Content-Type, e.g. {@code application/problem+json}. */
    public static String contentType(HttpResponse<String> response) {
        return header(response, "Content-Type");
    }

    /** The section {@code id} of a screen; fails when there is none. */
    public static JsonNode section(JsonNode screen, String id) {
        for (JsonNode section : screen.get("sections")) {
            if (section.get("id").asText().equals(id)) {
                return section;
            }
        }
        throw new AssertionError("no section '" + id + "' in " + screen);
    }

    /** Each section's id and status, in the screen's order. */
    public static List<Map.Entry<String, String>> statuses(JsonNode screen) {
        List<Map.Entry<String, String>> statuses = new ArrayList<>();
        screen.get("sections").forEach(s -> statuses.add(Map.entry(s.get("id").asText(), s.get("status").asText())));
        return statuses;
    }

    /** The section ids of a screen, in order. */
    public static List<String> sectionIds(JsonNode screen) {
        List<String> ids = new ArrayList<>();
        screen.get("sections").forEach(section -> ids.add(section.get("id").asText()));
        return ids;
    }
}
