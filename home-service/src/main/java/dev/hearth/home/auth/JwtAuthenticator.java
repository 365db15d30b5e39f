package dev.hearth.home.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.hearth.home.config.AuthFactory;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.auth.Authenticator;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a bearer JWT with Nimbus: signature against the configured keys ({@link VerificationKeys}: a fixed JWK set,
 * or the identity provider's, fetched; asymmetric algorithms only), issuer, audience, expiry, not-before and issued-at (each with the configured clock skew: a token issued
 * further in the future than the skew is refused, as Nimbus alone would accept it) and a subject that
 * is a valid customer id. Why a token was refused is logged, never the token. A verified token is
 * remembered ({@link VerifiedTokens}) until it would be refused for its age, at most 5 minutes: verifying an ES256
 * signature costs more CPU than the rest of a home request.
 */
public final class JwtAuthenticator implements Authenticator<String, CustomerPrincipal> {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);

    /** Verified tokens kept (per instance); an app session sends the same token with every request. */
    static final int CACHED_TOKENS = 10_000;
    /** The longest a verified token is trusted without verifying it again. */
    static final Duration CACHE_AGE = Duration.ofMinutes(5);

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final VerifiedTokens verified;
    private final Duration clockSkew;

    @Inject
    public JwtAuthenticator(AuthFactory config, VerificationKeys keys) {
        this(config, keys, Clock.systemUTC());
    }

    /** With the keys {@code config} names, judging exp, nbf and iat (and the cache's ages) by {@code clock}. */
    JwtAuthenticator(AuthFactory config, Clock clock) {
        this(config, VerificationKeys.of(config), clock);
    }

    /** As {@link #JwtAuthenticator(AuthFactory, VerificationKeys)}, judging exp, nbf and iat by {@code clock}. */
    JwtAuthenticator(AuthFactory config, VerificationKeys keys, Clock clock) {
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys.source()));
        ClaimsVerifier claims = new ClaimsVerifier(config.getAudience(), config.getIssuer(), clock);
        claims.setMaxClockSkew((int) config.getClockSkew().toSeconds());
        jwtProcessor.setJWTClaimsSetVerifier(claims);
        this.processor = jwtProcessor;
        this.clockSkew = Duration.ofSeconds(config.getClockSkew().toSeconds());
        this.verified = new VerifiedTokens(clock, CACHED_TOKENS, CACHE_AGE);
    }

    @Override
    public Optional<CustomerPrincipal> authenticate(String token) {
        Optional<CustomerPrincipal> known = verified.find(token);
        if (known.isPresent()) {
            return known;
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            CustomerId customer = new CustomerId(claims.getSubject());
            CustomerPrincipal principal = new CustomerPrincipal(customer, scopes(claims), token);
            // exp is required (the claims verifier refuses a token without it); refused from exp + skew on.
            verified.keep(token, principal, claims.getExpirationTime().toInstant().plus(clockSkew));
            return Optional.of(principal);
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            LOG.info("Bearer token refused: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Nimbus's checks (issuer, audience, required claims, exp and nbf with the skew), on {@code clock}, and one it does
     * not make: {@code iat} no later than now plus the skew. A token "issued" an hour from now was minted by a
     * wrong clock or on purpose to outlive its stated lifetime; either way it is refused, and so never cached.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final Clock clock;

        ClaimsVerifier(String audience, String issuer, Clock clock) {
            super(audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat"));
            this.clock = clock;
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Instant latest = clock.instant().plusSeconds(getMaxClockSkew());
            if (claims.getIssueTime().toInstant().isAfter(latest)) {
                throw new BadJWTException("JWT issued in the future (iat " + claims.getIssueTime().toInstant()
                        + ", beyond the allowed clock skew of " + getMaxClockSkew() + " s)");
            }
        }
    }

    private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
        String scope = claims.getStringClaim("scope");
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toCollection(HashSet::new));
    }
}
