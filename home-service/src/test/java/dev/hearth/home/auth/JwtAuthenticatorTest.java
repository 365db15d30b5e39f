package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.hearth.home.config.AuthFactory;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.jackson.Jackson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims JwtAuthenticator judges by time: exp, nbf (Nimbus) and iat (its own), each with the clock skew. */
class JwtAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final CustomerId ALICE = new CustomerId("alice");

    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final ECKey key = newKey();
    private final TokenIssuer issuer = new TokenIssuer(key.toJSONString(), "https://issuer.test", "hearth-home");
    private final JwtAuthenticator authenticator = new JwtAuthenticator(config(key), clock);

    private static ECKey newKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuthFactory config(ECKey key) {
        return Jackson.newObjectMapper().convertValue(Map.of(
                "issuer", "https://issuer.test",
                "audience", "hearth-home",
                "clockSkew", SKEW.toSeconds() + "s",
                "jwks", new JWKSet(key.toPublicJWK()).toString()), AuthFactory.class);
    }

    private String issuedAt(Instant iat) {
        return issuer.issue(ALICE, "home:read", iat, Duration.ofHours(2));
    }

    @Test
    void aTokenIssuedNowIsAccepted() {
        assertThat(authenticator.authenticate(issuedAt(NOW))).hasValueSatisfying(
                principal -> assertThat(principal.customerId()).isEqualTo(ALICE));
    }

    @Test
    void aTokenIssuedInTheFutureWithinTheSkewIsAccepted() {
        assertThat(authenticator.authenticate(issuedAt(NOW.plus(SKEW)))).isPresent();
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheSkewIsRefused() {
        assertThat(authenticator.authenticate(issuedAt(NOW.plus(SKEW).plusSeconds(1)))).isEmpty();
        assertThat(authenticator.authenticate(issuedAt(NOW.plus(Duration.ofHours(1))))).isEmpty();
    }

    @Test
    void aTokenIssuedInTheFutureIsNotCachedSoItIsRefusedEveryTimeUntilItsIatComes() {
        String early = issuedAt(NOW.plus(Duration.ofHours(1)));

        assertThat(authenticator.authenticate(early)).isEmpty();
        assertThat(authenticator.authenticate(early)).as("asked again: verified again, not let in by the cache")
                .isEmpty();

        clock.now = NOW.plus(Duration.ofHours(1)).minus(SKEW);
        assertThat(authenticator.authenticate(early)).as("once its iat is within the skew").isPresent();
    }

    @Test
    void expiryIsJudgedWithTheSkew() {
        String token = issuer.issue(ALICE, "home:read", NOW.minus(Duration.ofHours(1)), Duration.ofHours(1));
        clock.now = NOW.plus(SKEW).minusSeconds(1);
        assertThat(authenticator.authenticate(token)).isPresent();

        JwtAuthenticator later = new JwtAuthenticator(config(key), clock);
        clock.now = NOW.plus(SKEW).plusSeconds(1);
        assertThat(later.authenticate(token)).isEmpty();
        assertThat(authenticator.authenticate(token)).as("nor from the cache, which keeps it until exp + skew").isEmpty();
    }
}
