package dev.hearth.sandbox;

import dev.hearth.adapters.in.tasks.TaskParameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The opaque tokens the sandbox's token endpoint issued, each until it expires. Thread-safe. */
final class SandboxTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();

    SandboxTokens(Clock clock) {
        this.clock = clock;
    }

    /** A new random token valid for {@code lifetime}; expired ones are forgotten. */
    String issue(Duration lifetime) {
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !expiry.isAfter(now));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(lifetime));
        issued.incrementAndGet();
        return token;
    }

    boolean valid(String token) {
        if (token == null) {
            return false;
        }
        Instant expiry = expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    long issued() {
        return issued.get();
    }

    /** Client authentication as RFC 6749 §2.3.1 allows it: HTTP Basic, or {@code client_id}/{@code client_secret}. */
    static boolean authenticates(String authorization, Map<String, List<String>> form, SandboxCredential.Bearer client) {
        String id = TaskParameters.single(form, "client_id");
        String secret = TaskParameters.single(form, "client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        return id != null && secret != null && client.clientId().equals(id)
                && MessageDigest.isEqual(client.clientSecret().getBytes(StandardCharsets.UTF_8),
                        secret.getBytes(StandardCharsets.UTF_8));
    }
}
