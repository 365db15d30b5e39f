package dev.hearth.home.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminPasswordTest {
    static final String HASH = AdminPassword.hash("a long admin password".toCharArray(), AdminPassword.MIN_ITERATIONS);

    @Test
    void aHashIsPbkdf2Sha256WithItsIterationsAndSaltAndMatchesOnlyItsPassword() {
        assertThat(HASH).matches("pbkdf2-sha256\\$100000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        AdminPassword password = AdminPassword.parse(HASH);

        assertThat(password.matches("a long admin password")).isTrue();
        assertThat(password.matches("a long admin passwore")).isFalse();
        assertThat(password.matches("")).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(AdminPassword.hash("same".toCharArray(), AdminPassword.MIN_ITERATIONS)).isNotEqualTo(
                AdminPassword.hash("same".toCharArray(), AdminPassword.MIN_ITERATIONS));
    }

    @Test
    void aMalformedOrWeakHashIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> AdminPassword.parse("secret")).hasMessageContaining("./hearth admin-hash")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> AdminPassword.parse("pbkdf2-sha256$x$AAAA$AAAA")).hasMessageContaining("base64");
        assertThatThrownBy(() -> AdminPassword.parse(HASH.replace("$100000$", "$1000$")))
                .hasMessageContaining("1000 iterations, fewer than 100000");
    }
}
