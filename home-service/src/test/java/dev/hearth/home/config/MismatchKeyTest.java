package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.migration.compare.SensitiveValues;
import org.junit.jupiter.api.Test;

/** The start-up rule for the key of the hashes in stored mismatches (docs/adr/024). */
class MismatchKeyTest {
    static MigrationFactory.Shadow shadow(String json) throws Exception {
        return new ObjectMapper().readValue(json, MigrationFactory.Shadow.class);
    }

    @Test
    void withoutAKeyStartUpIsRefusedOutsideTheSandboxNamingTheKeyAndHowToMakeOne() throws Exception {
        for (String json : new String[] {"{}", "{\"mismatchKey\": \"\"}", "{\"mismatchKey\": \"  \"}"}) {
            assertThatThrownBy(() -> shadow(json).sensitiveValues(false)).as(json)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("migration.shadow.mismatchKey is not set")
                    .hasMessageContaining("HEARTH_MISMATCH_KEY")
                    .hasMessageContaining("openssl rand -base64 48");
        }
    }

    @Test
    void inTheSandboxEachStartHashesUnderARandomKeyOfItsOwn() throws Exception {
        MigrationFactory.Shadow none = shadow("{}");

        SensitiveValues one = none.sensitiveValues(true);
        SensitiveValues two = none.sensitiveValues(true);

        assertThat(none.isMismatchKeyRandom()).isTrue();
        assertThat(one.hash("Alice Example")).isNotEqualTo(two.hash("Alice Example"));
        assertThat(one.patterns()).isEqualTo(SensitiveValues.homeDefaults());
    }

    @Test
    void aConfiguredKeyGivesTheSameHashesOnEveryInstanceAndATooShortOneIsRefused() throws Exception {
        String key = "{\"mismatchKey\": \"0123456789abcdef0123456789abcdef-prod\", \"sensitive\": [\"sections[x].y\"]}";

        assertThat(shadow(key).sensitiveValues(false).hash("Alice")).isEqualTo(shadow(key).sensitiveValues(false).hash("Alice"));
        assertThat(shadow(key).sensitiveValues(false).patterns()).containsExactly("sections[x].y");
        assertThatThrownBy(() -> shadow("{\"mismatchKey\": \"short\"}").sensitiveValues(false))
                .hasMessageContaining("config.yml migration.shadow: the mismatch key has 5 bytes; it needs at least 32");
        assertThatThrownBy(() -> shadow("{\"mismatchKey\": \"0123456789abcdef0123456789abcdef\", \"sensitive\": [\"a..b\"]}")
                .sensitiveValues(false)).hasMessageContaining("config.yml migration.shadow: sensitive pattern 'a..b'");
    }
}
