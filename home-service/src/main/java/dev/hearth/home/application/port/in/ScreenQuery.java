package dev.hearth.home.application.port.in;

import dev.hearth.ports.domain.model.CustomerId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request for a screen (or one section of it) by an authenticated customer.
 *
 * @param params the screen's request parameters (e.g. {@code accountId}); extra ones are ignored
 * @param section when present, only this section (and what it depends on) is computed
 * @param traceparent the W3C trace context of this request's span, forwarded (as its children) to downstreams
 * @param client the app that asks (platform, version)
 */
public record ScreenQuery(String screen, CustomerId customer, String requestId, String bearerToken,
        Map<String, String> params, Optional<String> section, Optional<String> traceparent, AppClient client) {
    public ScreenQuery {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(bearerToken, "bearerToken");
        params = Map.copyOf(params);
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(client, "client");
    }

    /** Without trace context. */
    public ScreenQuery(String screen, CustomerId customer, String requestId, String bearerToken,
            Map<String, String> params, Optional<String> section) {
        this(screen, customer, requestId, bearerToken, params, section, Optional.empty(), AppClient.UNKNOWN);
    }
}
