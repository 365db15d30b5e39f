package dev.hearth.home.application.port.in;

import dev.hearth.ports.domain.model.CustomerId;
import java.time.Duration;
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
 * @param waited how long the request had waited since it arrived (the server began it) when the resource took it: the
 *               screen's budget counts from arrival (docs/adr/031-answer-on-time.md); not negative
 * @param queued how long it had queued since it arrived before Hearth's code began it (the API's first filter), so
 *               without Hearth's own authentication and Jersey: what the decision to answer at once uses (ADR 031);
 *               not negative, at most {@code waited}
 */
public record ScreenQuery(String screen, CustomerId customer, String requestId, String bearerToken,
        Map<String, String> params, Optional<String> section, Optional<String> traceparent, AppClient client,
        Duration waited, Duration queued) {
    public ScreenQuery {
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(bearerToken, "bearerToken");
        params = Map.copyOf(params);
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(waited, "waited");
        if (waited.isNegative()) {
            throw new IllegalArgumentException("waited must not be negative, got " + waited);
        }
        Objects.requireNonNull(queued, "queued");
        if (queued.isNegative() || queued.compareTo(waited) > 0) {
            throw new IllegalArgumentException("queued must be between 0 and waited (" + waited + "), got " + queued);
        }
    }

    /** A request that has waited for nothing (built as it arrives). */
    public ScreenQuery(String screen, CustomerId customer, String requestId, String bearerToken,
            Map<String, String> params, Optional<String> section, Optional<String> traceparent, AppClient client) {
        this(screen, customer, requestId, bearerToken, params, section, traceparent, client, Duration.ZERO,
                Duration.ZERO);
    }

    /** Without trace context. */
    public ScreenQuery(String screen, CustomerId customer, String requestId, String bearerToken,
            Map<String, String> params, Optional<String> section) {
        this(screen, customer, requestId, bearerToken, params, section, Optional.empty(), AppClient.UNKNOWN);
    }
}
