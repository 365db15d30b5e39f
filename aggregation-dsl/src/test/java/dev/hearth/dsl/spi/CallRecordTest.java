package dev.hearth.dsl.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallRecordTest {
    private static CallRecord at(String path) {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        return new CallRecord("req-1", "home", path, "balance", now, now, now, true, Optional.empty());
    }

    @Test
    void aCallPathBelongsToItsTopLevelSection() {
        assertThat(at("accounts[2].balance").sectionId()).isEqualTo("accounts");
        assertThat(at("cards[7]").sectionId()).isEqualTo("cards");
        assertThat(at("account.balance").sectionId()).isEqualTo("account");
        assertThat(at("profile").sectionId()).isEqualTo("profile");
    }
}
