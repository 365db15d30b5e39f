package dev.hearth.home.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppClientTest {
    @Test
    void platformIsLowerCaseAndValuesAreStripped() {
        AppClient client = AppClient.of(" iOS ", " 2.1.0");

        assertThat(client.platform()).contains("ios");
        assertThat(client.version()).contains("2.1.0");
    }

    @Test
    void absentBlankOrOverlongValuesAreNotGiven() {
        assertThat(AppClient.of(null, null)).isEqualTo(AppClient.UNKNOWN);
        assertThat(AppClient.of("  ", "")).isEqualTo(AppClient.UNKNOWN);
        assertThat(AppClient.of("a".repeat(AppClient.MAX_LENGTH + 1), "1".repeat(AppClient.MAX_LENGTH + 1)))
                .isEqualTo(AppClient.UNKNOWN);
        assertThat(AppClient.of("a".repeat(AppClient.MAX_LENGTH), null).platform()).isEqualTo(
                Optional.of("a".repeat(AppClient.MAX_LENGTH)));
    }
}
