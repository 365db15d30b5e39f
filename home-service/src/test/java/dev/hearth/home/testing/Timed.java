package dev.hearth.home.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An answer and how long it took, from sending the request to reading the last byte of the body. */
public record Timed(HttpResponse<String> response, Duration took) {
    public JsonNode json() {
        return Http.json(response.body());
    }
}
