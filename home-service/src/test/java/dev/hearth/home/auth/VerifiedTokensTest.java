package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.ports.domain.model.CustomerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final CustomerPrincipal alice = new CustomerPrincipal(new CustomerId("alice"), Set.of("home:read"), "token-a");

    @Test
    void aVerifiedTokenIsKnownUntilItWouldBeRefusedForItsAge() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 10, Duration.ofMinutes(5));
        tokens.keep("token-a", alice, T0.plusSeconds(60));

        clock.now = T0.plusSeconds(59);
        assertThat(tokens.find("token-a")).contains(alice);
        clock.now = T0.plusSeconds(60);
        assertThat(tokens.find("token-a")).isEmpty();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 10, Duration.ofMinutes(5));
        tokens.keep("token-a", alice, T0.plus(Duration.ofHours(8)));

        clock.now = T0.plus(Duration.ofMinutes(5));
        assertThat(tokens.find("token-a")).isEmpty();
    }

    @Test
    void onlyTheExactTokenMatches() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 10, Duration.ofMinutes(5));
        tokens.keep("token-a", alice, T0.plusSeconds(60));

        assertThat(tokens.find("token-a ")).isEmpty();
        assertThat(tokens.find("token-b")).isEmpty();
    }

    @Test
    void staysWithinItsCapacity() {
        VerifiedTokens tokens = new VerifiedTokens(clock, 3, Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            tokens.keep("token-" + i, alice, T0.plusSeconds(60));
            assertThat(tokens.size()).isLessThanOrEqualTo(3);
        }
        assertThat(tokens.find("token-9")).contains(alice);
    }
}
