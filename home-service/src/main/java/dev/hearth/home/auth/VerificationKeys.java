package dev.hearth.home.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.hearth.home.config.AuthFactory;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys bearer tokens are verified with: the fixed set of {@code auth.jwks} (the sandbox's), or the identity
 * provider's set at {@code auth.jwksUri}, through Nimbus's {@link JWKSourceBuilder}
 * (docs/adr/020-jwks-uri-and-stale-connections.md):
 * <ul>
 *   <li>cached for {@code jwksRefresh.timeToLive}, fetched again in the background shortly before it ends;</li>
 *   <li>a token whose {@code kid} is not in the cache fetches the set again at once (a key rotation at the identity
 *       provider needs no restart), at most twice per {@code jwksRefresh.minInterval}: tokens with made-up kids cannot
 *       turn Hearth into a flood of fetches;</li>
 *   <li>while the identity provider cannot be reached, the last set fetched stays in use for
 *       {@code jwksRefresh.outageTolerance} past its time to live, then tokens are refused;</li>
 *   <li>each fetch connects and reads within {@code jwksRefresh.timeout}, and is tried once more after a network error.</li>
 * </ul>
 * Thread-safe. {@link #close} stops the background refresh.
 */
public final class VerificationKeys implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationKeys.class);
    /** The largest JWK set document fetched. */
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    /** Refresh starts this long before the cached set expires, at most (a quarter of the time to live when shorter). */
    private static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

    /** The kid of the sandbox key config.yml ships (its private part is in this repository). */
    static final String SHIPPED_SANDBOX_KID = "sandbox-2026-11";
    private static final JWK SHIPPED_SANDBOX_KEY = parsePublic("{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\""
            + SHIPPED_SANDBOX_KID + "\",\"alg\":\"ES256\",\"use\":\"sig\","
            + "\"x\":\"eNXYr6tV4Qk3Rkca7O7ALzVJ5AQSBjM_7AXkkggeSa4\",\"y\":\"rPS5L_5SXg_XBd-ACQ61ueA0aZQTVwuAV7LTMtl1bjc\"}");

    private final JWKSource<SecurityContext> source;
    private final Optional<URI> uri;
    private final Optional<JWKSet> fixed;
    private final ExecutorService refresher;

    private VerificationKeys(JWKSource<SecurityContext> source, Optional<URI> uri, Optional<JWKSet> fixed,
            ExecutorService refresher) {
        this.source = source;
        this.uri = uri;
        this.fixed = fixed;
        this.refresher = refresher;
    }

    /**
     * The keys {@code config} names.
     *
     * @throws IllegalArgumentException naming the key when both or neither of {@code jwks} and {@code jwksUri} are set,
     *                                  or the one set is not usable
     */
    public static VerificationKeys of(AuthFactory config) {
        config.checkKeySource();
        Optional<String> jwks = config.getJwks();
        if (jwks.isPresent()) {
            JWKSet keys = parseFixed(jwks.get());
            return new VerificationKeys(new ImmutableJWKSet<>(keys), Optional.empty(), Optional.of(keys), null);
        }
        URI uri = config.getJwksUri().orElseThrow();
        return fetched(uri, config.getJwksRefresh());
    }

    private static JWKSet parseFixed(String document) {
        JWKSet keys;
        try {
            keys = JWKSet.parse(document);
        } catch (ParseException e) {
            throw new IllegalArgumentException("auth.jwks is not a valid JWK set document ({\"keys\":[...]}): "
                    + e.getMessage(), e);
        }
        if (keys.getKeys().isEmpty()) {
            throw new IllegalArgumentException("auth.jwks holds no keys: add the issuer's public signing keys");
        }
        if (keys.getKeys().stream().anyMatch(JWK::isPrivate)) {
            throw new IllegalArgumentException("auth.jwks holds a private key: publish only the public part");
        }
        return keys;
    }

    private static JWK parsePublic(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VerificationKeys fetched(URI uri, AuthFactory.JwksRefresh refresh) {
        long timeout = refresh.timeout().toMillis();
        long ttl = refresh.timeToLive().toMillis();
        if (timeout * 3 > ttl) {
            throw new IllegalArgumentException("config.yml auth.jwksRefresh.timeout (" + timeout + " ms) must be at most "
                    + "a third of auth.jwksRefresh.timeToLive (" + ttl + " ms): a refresh has to end before the keys expire");
        }
        // A caller waits this long for a fetch another thread has under way: the fetch and its one retry.
        long refreshTimeout = 2 * timeout;
        long ahead = Math.min(REFRESH_AHEAD.toMillis(), ttl / 4);
        ExecutorService refresher = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("jwks-refresh").factory());
        JWKSource<SecurityContext> source;
        try {
            source = JWKSourceBuilder.<SecurityContext>create(uri.toURL(),
                            new DefaultResourceRetriever((int) timeout, (int) timeout, MAX_DOCUMENT_BYTES))
                    .cache(ttl, refreshTimeout)
                    .refreshAheadCache(ahead, null, refresher, true, null, false)
                    .rateLimited(refresh.minInterval().toMillis(), event -> LOG.warn("JWKS {}: a token with a key id "
                            + "not in the cached keys was refused without fetching them again (fetched twice in the "
                            + "last {} ms already)", uri, refresh.minInterval().toMillis()))
                    .retrying(true)
                    .outageTolerant(ttl + refresh.outageTolerance().toMillis(), event -> {
                        if (event instanceof OutageTolerantJWKSetSource.OutageEvent<?> outage) {
                            LOG.warn("JWKS {} cannot be fetched ({}); the keys fetched last are used for {} s more", uri,
                                    outage.getException().getMessage(), outage.getRemainingTime() / 1000);
                        }
                    })
                    .build();
        } catch (MalformedURLException | IllegalArgumentException | IllegalStateException e) {
            refresher.shutdownNow();
            throw new IllegalArgumentException("config.yml auth.jwksUri / auth.jwksRefresh: " + e.getMessage(), e);
        }
        return new VerificationKeys(source, Optional.of(uri), Optional.empty(), refresher);
    }

    /**
     * Refuses to start when the sandbox is off but its signing key is still trusted: its private key is in this
     * repository, so anyone could sign a token for any customer. The sandbox's keys are the one shipped in config.yml
     * ({@value #SHIPPED_SANDBOX_KID}) and {@code sandbox.signingKey} if set; a key of {@code auth.jwks} with the kid or
     * the key material (thumbprint) of either is refused.
     */
    public void refuseSandboxKeyWithoutSandbox(boolean sandboxEnabled, Optional<String> sandboxSigningKey) {
        if (sandboxEnabled || fixed.isEmpty()) {
            return;
        }
        List<JWK> sandboxKeys = new java.util.ArrayList<>(List.of(SHIPPED_SANDBOX_KEY));
        sandboxSigningKey.filter(key -> !key.isBlank()).ifPresent(key -> {
            try {
                sandboxKeys.add(JWK.parse(key).toPublicJWK());
            } catch (ParseException e) {
                throw new IllegalArgumentException("sandbox.signingKey is not a JWK: " + e.getMessage(), e);
            }
        });
        for (JWK trusted : fixed.get().getKeys()) {
            for (JWK sandbox : sandboxKeys) {
                boolean sameKid = trusted.getKeyID() != null && trusted.getKeyID().equals(sandbox.getKeyID());
                if (sameKid || thumbprint(trusted).equals(thumbprint(sandbox))) {
                    throw new IllegalArgumentException("config.yml auth.jwks trusts the sandbox's signing key (kid "
                            + sandbox.getKeyID() + ") while sandbox.enabled is false: its private key is public, so "
                            + "anyone could sign a token for any customer. Set auth.jwksUri to the identity provider's "
                            + "JWK set URL and remove auth.jwks (docs/SECURITY.md, \"Keys\"), or set auth.jwks to the "
                            + "identity provider's public keys only");
                }
            }
        }
    }

    private static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalArgumentException("auth.jwks: key " + key.getKeyID() + " has no thumbprint: "
                    + e.getMessage(), e);
        }
    }

    /** The source the JWT processor selects verification keys from. */
    JWKSource<SecurityContext> source() {
        return source;
    }

    /** The fixed keys of {@code auth.jwks}; empty when the keys are fetched. */
    public Optional<JWKSet> fixed() {
        return fixed;
    }

    /**
     * Fetches the identity provider's keys once, so the first customers do not wait for it; logs, and does not fail,
     * when it cannot: tokens are refused until the keys can be fetched (each unknown kid tries again, rate limited).
     */
    public void warm() {
        if (uri.isEmpty()) {
            return;
        }
        try {
            List<JWK> keys = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
            LOG.info("JWKS {}: {} verification key(s) fetched", uri.get(), keys.size());
        } catch (KeySourceException e) {
            LOG.warn("JWKS {} cannot be fetched at start-up ({}): every token is refused until it can", uri.get(),
                    e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        if (source instanceof Closeable closeable) {
            closeable.close();
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
