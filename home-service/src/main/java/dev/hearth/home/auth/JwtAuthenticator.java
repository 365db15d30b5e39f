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
import java.text.ParseException;
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
 * is a valid customer id. Why a token was refused is logged, never the token.
 */
public final class JwtAuthenticator implements Authenticator<String, CustomerPrincipal> {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);

    private final ConfigurableJWTProcessor<SecurityContext> processor;

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
    }

    @Override
    public Optional<CustomerPrincipal> authenticate(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            CustomerId customer = new CustomerId(claims.getSubject());
            return Optional.of(new CustomerPrincipal(customer, scopes(claims), token));
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
