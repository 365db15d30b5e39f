package dev.hearth.home.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a bearer JWT with Nimbus: signature against the configured JWK set (asymmetric algorithms
 * only), issuer, audience, expiry and not-before (with the configured clock skew) and a subject that
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
    public JwtAuthenticator(AuthFactory config) {
        JWKSet keys;
        try {
            keys = JWKSet.parse(config.getJwks());
        } catch (ParseException e) {
            throw new IllegalArgumentException("auth.jwks is not a valid JWK set document ({\"keys\":[...]}): "
                    + e.getMessage(), e);
        }
        if (keys.getKeys().isEmpty()) {
            throw new IllegalArgumentException("auth.jwks holds no keys: add the issuer's public signing keys");
        }
        if (keys.getKeys().stream().anyMatch(key -> key.isPrivate())) {
            throw new IllegalArgumentException("auth.jwks holds a private key: publish only the public part");
        }
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                config.getAudience(),
                new JWTClaimsSet.Builder().issuer(config.getIssuer()).build(),
                Set.of("sub", "exp", "iat"));
        claims.setMaxClockSkew((int) config.getClockSkew().toSeconds());
        jwtProcessor.setJWTClaimsSetVerifier(claims);
        this.processor = jwtProcessor;
        this.clockSkew = Duration.ofSeconds(config.getClockSkew().toSeconds());
        this.verified = new VerifiedTokens(Clock.systemUTC(), CACHED_TOKENS, CACHE_AGE);
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

    private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
        String scope = claims.getStringClaim("scope");
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toCollection(HashSet::new));
    }
}
