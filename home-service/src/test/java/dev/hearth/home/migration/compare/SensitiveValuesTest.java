package dev.hearth.home.migration.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.ports.domain.model.Difference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveValuesTest {
    static final byte[] KEY = "a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);
    final SensitiveValues values = new SensitiveValues(SensitiveValues.homeDefaults(), KEY);

    @Test
    void aNameIsStoredAsAKeyedHashOfItsOwnAndEqualNamesHashEqual() {
        Difference stored = values.protect(new Difference("sections[profile].data.displayName",
                "sections[profile].data.displayName", "\"Alice Example\"", "\"Alice Example (legacy)\""));

        assertThat(stored.hearth()).matches("\"hmac:[0-9a-f]{16}\"").doesNotContain("Alice");
        assertThat(stored.legacy()).matches("\"hmac:[0-9a-f]{16}\"").isNotEqualTo(stored.hearth());
        assertThat(stored.path()).isEqualTo("sections[profile].data.displayName");
        Difference again = values.protect(new Difference("sections[profile].data.displayName",
                "sections[profile].data.displayName", "\"Bob\"", "\"Alice Example\""));
        assertThat(again.legacy()).as("equal values, equal hashes").isEqualTo(stored.hearth());
    }

    @Test
    void anotherKeyGivesOtherHashes() {
        SensitiveValues other = new SensitiveValues(SensitiveValues.homeDefaults(),
                "another key of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8));
        assertThat(other.hash("Alice Example")).isNotEqualTo(values.hash("Alice Example"));
    }

    @Test
    void amountsUnderABalanceAreHashedAsNumbersSoTrailingZerosDoNotMatter() {
        Difference stored = values.protect(new Difference("sections[accounts].data[alice-acc-1].balance.available.amount",
                "sections[accounts].data[*].balance.available.amount", "4184.3", "4185.30"));

        assertThat(stored.hearth()).isEqualTo("\"" + values.hash("4184.3") + "\"");
        assertThat(values.protect(new Difference(stored.path(), stored.group(), "4184.300", "1")).hearth())
                .isEqualTo(stored.hearth());
    }

    @Test
    void aValueOutsideTheSensitivePathsIsStoredUnchanged() {
        Difference banner = new Difference("sections[banners].data[b1].title", "sections[banners].data[*].title",
                "\"Spring offer\"", "\"Spring offer (legacy)\"");
        Difference currency = new Difference("sections[accounts].data[alice-acc-1].currency",
                "sections[accounts].data[*].currency", "\"EUR\"", Difference.ABSENT);

        assertThat(values.protect(banner)).isEqualTo(banner);
        assertThat(values.protect(currency)).isEqualTo(currency);
    }

    @Test
    void aWholeItemOnOneSideKeepsItsShapeWithItsSensitiveFieldsHashed() {
        String account = """
                {"id":"alice-acc-2","productName":"Savings","maskedIban":"DE12 **** **** **** 4567","alias":"Holiday",\
                "balance":{"available":{"amount":812.05,"currency":"EUR"}}}""";
        Difference stored = values.protect(new Difference("sections[accounts].data[alice-acc-2]",
                "sections[accounts].data[*]", account, Difference.ABSENT));

        assertThat(stored.hearth()).doesNotContain("4567", "Holiday", "812.05")
                .contains("\"productName\":\"Savings\"", "\"id\":\"alice-acc-2\"", "\"maskedIban\":\"hmac:")
                .contains("\"amount\":\"" + values.hash("812.05") + "\"");
        assertThat(stored.legacy()).isEqualTo(Difference.ABSENT);
    }

    @Test
    void aWholeListOfDifferentLengthHasEachItemsSensitiveFieldsHashed() {
        Difference stored = values.protect(new Difference("sections[openBanking].data", "sections[openBanking].data",
                "[{\"bankName\":\"ING\",\"maskedIban\":\"DE02 **** **** **** 1234\",\"balance\":{\"amount\":-20.00}}]",
                "[]"));

        assertThat(stored.hearth()).doesNotContain("1234", "-20").contains("\"bankName\":\"ING\"");
        assertThat(stored.legacy()).isEqualTo("[]");
    }

    @Test
    void aValueTheComparatorCutShortCannotBeHashedAndIsMasked() {
        Difference stored = values.protect(new Difference("sections[accounts].data[alice-acc-2]",
                "sections[accounts].data[*]", "{\"id\":\"alice-acc-2\",\"maskedIban\":\"DE12 **** …", "null"));

        assertThat(stored.hearth()).isEqualTo(SensitiveValues.MASKED);
        assertThat(stored.legacy()).as("null holds nothing").isEqualTo("null");
    }

    @Test
    void patternsUseTheComparatorsSyntaxWithKeyedItemsAndWildcards() {
        SensitiveValues keyed = new SensitiveValues(List.of("sections[cards].data[*].limit", "sections[x].y.*"), KEY);

        assertThat(keyed.protect(new Difference("sections[cards].data[c1].limit.amount", "g", "100", "200")).hearth())
                .startsWith("\"hmac:");
        assertThat(keyed.protect(new Difference("sections[accounts].data[a1].limit.amount", "g", "100", "200"))
                .hearth()).as("another section").isEqualTo("100");
        assertThat(keyed.protect(new Difference("sections[x].y.z", "g", "\"v\"", "\"w\"")).hearth()).startsWith("\"hmac:");
        assertThat(keyed.protect(new Difference("sections[x].y", "g", "{\"z\":\"v\"}", "{}")).hearth())
                .isEqualTo("{\"z\":\"" + keyed.hash("v") + "\"}");
    }

    @Test
    void aBadPatternOrAShortKeyIsRefusedSayingHowToFixIt() {
        assertThatThrownBy(() -> new SensitiveValues(List.of("sections[*"), KEY))
                .hasMessageContaining("sensitive pattern 'sections[*' is not a path pattern");
        assertThatThrownBy(() -> new SensitiveValues(List.of(), new byte[16]))
                .hasMessageContaining("at least 32 bytes");
    }
}
