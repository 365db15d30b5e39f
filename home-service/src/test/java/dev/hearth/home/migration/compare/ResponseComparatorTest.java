package dev.hearth.home.migration.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ports.domain.model.Difference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseComparatorTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ResponseComparator HOME = new ResponseComparator(ComparisonRules.homeDefaults());

    /** Alice's home as Hearth answers it: open banking served from its freshness window, so with a section asOf. */
    static final String ALICE = """
            {"screen":"home","complete":true,"sections":[
              {"id":"profile","status":"OK","data":{"id":"alice","displayName":"Alice Example","segment":"PREMIUM"}},
              {"id":"accounts","status":"OK","data":[
                {"id":"alice-acc-1","owner":"alice","type":"CURRENT","productName":"Girokonto",
                 "maskedIban":"DE30 **** **** **** 3100","currency":"EUR",
                 "balance":{"accountId":"alice-acc-1","available":{"amount":4184.3,"currency":"EUR"},
                            "booked":{"amount":4221.2,"currency":"EUR"},"asOf":"2026-11-22T02:34:37Z"},
                 "alias":"Girokonto ··3100",
                 "partnership":{"accountId":"alice-acc-1","partnerName":"Lufthansa Miles & More","programme":"MILES",
                                "tier":"GOLD"}},
                {"id":"alice-acc-2","owner":"alice","type":"SAVINGS","productName":"Tagesgeld",
                 "maskedIban":"DE33 **** **** **** 3101","currency":"EUR",
                 "balance":{"accountId":"alice-acc-2","available":{"amount":7310.55,"currency":"EUR"},
                            "booked":{"amount":7372.05,"currency":"EUR"},"asOf":"2026-11-22T02:34:37Z"},
                 "alias":"Tagesgeld ··3101"},
                {"id":"alice-acc-3","owner":"alice","type":"CREDIT","productName":"Kreditkartenkonto",
                 "maskedIban":"DE36 **** **** **** 3102","currency":"EUR",
                 "balance":{"accountId":"alice-acc-3","available":{"amount":-2620.08,"currency":"EUR"},
                            "booked":{"amount":-2583.18,"currency":"EUR"},"asOf":"2026-11-22T02:34:37Z"},
                 "alias":"Kreditkartenkonto ··3102"}]},
              {"id":"cardList","status":"OK","data":[{"id":"alice-card-1","maskedPan":"**** **** **** 2148"},
                                                     {"id":"alice-card-2","maskedPan":"**** **** **** 3059"}]},
              {"id":"cards","status":"OK","data":[
                {"id":"alice-card-1","maskedPan":"**** **** **** 2148","brand":"VISA","status":"ACTIVE",
                 "limit":{"amount":5000.00,"currency":"EUR"},"spent":{"amount":1126.48,"currency":"EUR"}},
                {"id":"alice-card-2","maskedPan":"**** **** **** 3059","brand":"MASTERCARD","status":"ACTIVE",
                 "limit":{"amount":10000.00,"currency":"EUR"},"spent":{"amount":1205.67,"currency":"EUR"}}]},
              {"id":"openBanking","status":"OK","asOf":"2026-11-22T02:34:20Z","data":[
                {"bankName":"Sparkasse KölnBonn","maskedIban":"DE12 **** **** **** 4567",
                 "balance":{"amount":812.05,"currency":"EUR"},"asOf":"2026-11-22T02:30:20Z"},
                {"bankName":"ING","maskedIban":"DE02 **** **** **** 1234",
                 "balance":{"amount":-20.00,"currency":"EUR"},"asOf":"2026-11-22T02:30:20Z"}]},
              {"id":"banners","status":"OK","data":[
                {"id":"bnr-savings","title":"3 % on Tagesgeld","imageUrl":"https://cdn.hearth.example/banners/savings.png",
                 "link":"app://products/savings"},
                {"id":"bnr-lounge","title":"Airport lounges, on us","imageUrl":"https://cdn.hearth.example/banners/lounge.png",
                 "link":"app://benefits/lounge"},
                {"id":"bnr-travel","title":"Travel insurance for the holidays",
                 "imageUrl":"https://cdn.hearth.example/banners/travel.png","link":"app://insurance/travel"}]}]}
            """;

    @Test
    void identicalResponsesMatch() {
        Comparison comparison = HOME.compare(alice(), alice(), Optional.of(alice()));

        assertThat(comparison.mismatches()).isEmpty();
        assertThat(comparison.volatilePaths()).isEmpty();
        assertThat(comparison.truncated()).isFalse();
        assertThat(comparison.matches()).isTrue();
    }

    @Test
    void theExperimentAndArmACustomerIsInAreNotCompared() {
        JsonNode hearth = alice();
        ((ObjectNode) hearth).put("variant", "default").put("experiment", "compact-home")
                .put("arm", "default");

        assertThat(HOME.compare(hearth, alice(), Optional.empty()).mismatches()).as("the legacy home has neither")
                .isEmpty();
    }

    @Test
    void aChangedStringDeepDownIsReportedWithItsPathAndGroup() {
        JsonNode legacy = alice();
        object(legacy, "/sections/1/data/1").put("alias", "Tagesgeld");

        assertThat(HOME.compare(alice(), legacy, Optional.empty()).mismatches()).containsExactly(new Difference(
                "sections[accounts].data[alice-acc-2].alias", "sections[accounts].data[*].alias",
                "\"Tagesgeld ··3101\"", "\"Tagesgeld\""));
    }

    @Test
    void numbersCloserThanTheToleranceAreEqual() {
        ResponseComparator cents = new ResponseComparator(
                new ComparisonRules(List.of(), 0.01, ComparisonRules.homeDefaults().listKeys()));
        JsonNode legacy = alice();
        object(legacy, "/sections/1/data/0/balance/available").put("amount", 4184.31);
        object(legacy, "/sections/1/data/0/balance/booked").put("amount", 4221.22);

        assertThat(cents.compare(alice(), legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::hearth, Difference::legacy)
                .containsExactly(tuple("sections[accounts].data[alice-acc-1].balance.booked.amount", "4221.2", "4221.22"));
    }

    @Test
    void trailingZerosAndIntegersVersusDecimalsAreTheSameNumber() {
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        ResponseComparator exact = new ResponseComparator(new ComparisonRules(List.of(), 0, Map.of()));

        assertThat(exact.compare(json("{\"amount\":4184.3,\"limit\":5000}"),
                json(decimals, "{\"amount\":4184.30,\"limit\":5000.000}"), Optional.empty()).mismatches()).isEmpty();
        assertThat(exact.compare(json("{\"amount\":4184.3}"), json("{\"amount\":4184.31}"), Optional.empty())
                .mismatches()).extracting(Difference::path).containsExactly("amount");
    }

    @Test
    void keyedListsMatchWhateverTheOrder() {
        JsonNode legacy = alice();
        reverse((ArrayNode) legacy.get("sections"));
        reverse((ArrayNode) legacy.at("/sections/4/data"));  // accounts, now fifth
        reverse((ArrayNode) legacy.at("/sections/0/data"));  // banners, now first

        assertThat(HOME.compare(alice(), legacy, Optional.empty()).mismatches()).isEmpty();
    }

    @Test
    void aKeyedItemOnOneSideOnlyIsReportedAsAbsent() {
        JsonNode hearth = alice();
        ((ArrayNode) hearth.at("/sections/5/data")).remove(1);
        JsonNode legacy = alice();
        object(legacy, "/sections/5/data/0").put("id", "bnr-savings-2026");

        assertThat(HOME.compare(hearth, legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::group, Difference::hearth, Difference::legacy)
                .containsExactly(
                        tuple("sections[banners].data[bnr-savings]", "sections[banners].data[*]",
                                hearth.at("/sections/5/data/0").toString(), Difference.ABSENT),
                        tuple("sections[banners].data[bnr-savings-2026]", "sections[banners].data[*]",
                                Difference.ABSENT, legacy.at("/sections/5/data/0").toString()),
                        tuple("sections[banners].data[bnr-lounge]", "sections[banners].data[*]",
                                Difference.ABSENT, legacy.at("/sections/5/data/1").toString()));
    }

    @Test
    void listsWithoutKeysAreMatchedByPositionAndDifferentLengthsAreOneDifference() {
        JsonNode legacy = alice();
        object(legacy, "/sections/4/data/1").put("bankName", "ING-DiBa");

        assertThat(HOME.compare(alice(), legacy, Optional.empty()).mismatches()).containsExactly(new Difference(
                "sections[openBanking].data[#1].bankName", "sections[openBanking].data[*].bankName", "\"ING\"",
                "\"ING-DiBa\""));

        ((ArrayNode) legacy.at("/sections/4/data")).remove(1);
        assertThat(HOME.compare(alice(), legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::legacy)
                .containsExactly(tuple("sections[openBanking].data", legacy.at("/sections/4/data").toString()));
    }

    @Test
    void anItemWithoutTheKeyTurnsItsListPositional() {
        JsonNode legacy = alice();
        object(legacy, "/sections/2/data/0").remove("id");

        assertThat(HOME.compare(alice(), legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::legacy)
                .containsExactly(tuple("sections[cardList].data[#0].id", Difference.ABSENT));
    }

    @Test
    void homeDefaultsIgnoreFetchTimesAndReasonsButNotStatus() {
        JsonNode hearth = alice();
        ObjectNode banners = object(hearth, "/sections/5").put("status", "FALLBACK").put("reason", "TIMEOUT");
        banners.putArray("data");
        JsonNode legacy = alice();
        object(legacy, "/sections/4").remove("asOf");
        object(legacy, "/sections/4/data/0").put("asOf", "2026-11-22T02:30:37Z");
        object(legacy, "/sections/1/data/2/balance").put("asOf", "2026-11-22T02:34:41Z");

        assertThat(HOME.compare(hearth, legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::hearth)
                .containsExactly(tuple("sections[banners].status", "\"FALLBACK\""),
                        tuple("sections[banners].data[bnr-savings]", Difference.ABSENT),
                        tuple("sections[banners].data[bnr-lounge]", Difference.ABSENT),
                        tuple("sections[banners].data[bnr-travel]", Difference.ABSENT));
    }

    @Test
    void ignorePatternsTakeWildcardsAndCoverWholeSubtrees() {
        ResponseComparator comparator = new ResponseComparator(new ComparisonRules(
                List.of("sections[banners]", "sections[*].data[*].balance.*"), 0,
                ComparisonRules.homeDefaults().listKeys()));
        JsonNode legacy = alice();
        object(legacy, "/sections/5").put("status", "FAILED").remove("data");
        object(legacy, "/sections/1/data/1/balance/available").put("amount", 1);
        object(legacy, "/sections/1/data/1/balance").put("asOf", "2026-11-22T02:35:00Z");
        object(legacy, "/sections/1/data/1").remove("alias");

        assertThat(comparator.compare(alice(), legacy, Optional.empty()).mismatches())
                .extracting(Difference::path).containsExactly("sections[accounts].data[alice-acc-2].alias");
    }

    @Test
    void whatDiffersBetweenTwoLegacyAnswersIsVolatileNotAMismatch() {
        JsonNode hearth = alice();
        object(hearth, "/sections/0/data").put("displayName", "Alice Exampel");
        JsonNode legacy = alice();
        object(legacy, "/sections/1/data/0/balance/available").put("amount", 4150.0);
        JsonNode legacyAgain = alice();
        object(legacyAgain, "/sections/1/data/0/balance/available").put("amount", 4101.9);
        ((ArrayNode) legacyAgain.at("/sections/3/data")).remove(1);

        Comparison comparison = HOME.compare(hearth, legacy, Optional.of(legacyAgain));

        assertThat(comparison.volatilePaths()).containsExactly(
                "sections[accounts].data[alice-acc-1].balance.available.amount", "sections[cards].data[alice-card-2]");
        assertThat(comparison.mismatches()).extracting(Difference::path, Difference::group).containsExactly(
                tuple("sections[profile].data.displayName", "sections[profile].data.displayName"));
        assertThat(comparison.matches()).isFalse();
    }

    @Test
    void aDifferenceBelowAVolatilePathIsNotAMismatch() {
        JsonNode hearth = alice();
        object(hearth, "/sections/3/data/1/spent").put("amount", 1300.12);
        JsonNode legacyAgain = alice();
        ((ArrayNode) legacyAgain.at("/sections/3/data")).remove(1);

        assertThat(HOME.compare(hearth, alice(), Optional.of(legacyAgain)).matches()).isTrue();
        assertThat(HOME.compare(hearth, alice(), Optional.empty()).mismatches()).extracting(Difference::path)
                .containsExactly("sections[cards].data[alice-card-2].spent.amount");
    }

    @Test
    void aDifferentTypeIsADifferenceEvenWithTheSameText() {
        JsonNode hearth = alice();
        object(hearth, "/sections/1/data/2").putNull("balance");
        JsonNode legacy = alice();
        object(legacy, "/sections/2/data/0").put("maskedPan", 2148);
        object(legacy, "/sections/4/data/1/balance").put("amount", "-20.00");

        assertThat(HOME.compare(hearth, legacy, Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::hearth, Difference::legacy)
                .containsExactly(
                        tuple("sections[accounts].data[alice-acc-3].balance", "null",
                                legacy.at("/sections/1/data/2/balance").toString()),
                        tuple("sections[cardList].data[alice-card-1].maskedPan", "\"**** **** **** 2148\"", "2148"),
                        tuple("sections[openBanking].data[#1].balance.amount", "-20.0", "\"-20.00\""));
        assertThat(HOME.compare(hearth, MAPPER.createArrayNode(), Optional.empty()).mismatches())
                .extracting(Difference::path, Difference::legacy).containsExactly(tuple("", "[]"));
    }

    @Test
    void stopsAtTheCapAndSaysSo() {
        JsonNode hearth = alice();
        JsonNode legacy = alice();
        for (int i = 0; i < 150; i++) {
            ((ArrayNode) hearth.at("/sections/5/data")).addObject().put("id", "bnr-" + i).put("title", "Hearth " + i);
            ((ArrayNode) legacy.at("/sections/5/data")).addObject().put("id", "bnr-" + i).put("title", "Legacy " + i);
        }

        Comparison comparison = HOME.compare(hearth, legacy, Optional.empty());

        assertThat(comparison.mismatches()).hasSize(ResponseComparator.MAX_DIFFERENCES);
        assertThat(comparison.truncated()).isTrue();
        assertThat(comparison.matches()).isFalse();
    }

    @Test
    void longValuesAreShortenedAndDeepTreesComparedWholeBelowTheDepthCap() {
        JsonNode legacy = alice();
        object(legacy, "/sections/0/data").put("displayName", "x".repeat(5_000));
        String deepHearth = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String deepLegacy = "{\"a\":".repeat(100) + "2" + "}".repeat(100);

        Difference longName = HOME.compare(alice(), legacy, Optional.empty()).mismatches().getFirst();
        assertThat(longName.legacy()).hasSize(ResponseComparator.MAX_VALUE_CHARS + 1).endsWith("x…");
        assertThat(HOME.compare(json(deepHearth), json(deepLegacy), Optional.empty()).mismatches())
                .extracting(Difference::path).containsExactly("a" + ".a".repeat(ResponseComparator.MAX_DEPTH - 1));
    }

    @Test
    void invalidRulesSayWhatIsWrongAndHowToFixIt() {
        assertThatThrownBy(() -> new ComparisonRules(List.of(), -0.01, Map.of()))
                .hasMessageContaining("numericTolerance must be a finite number ≥ 0").hasMessageContaining("-0.01");
        assertThatThrownBy(() -> new ComparisonRules(List.of(), Double.NaN, Map.of()))
                .hasMessageContaining("numericTolerance must be a finite number ≥ 0");
        assertThatThrownBy(() -> new ComparisonRules(List.of(" "), 0, Map.of()))
                .hasMessage("ignore pattern ' ' is not a path pattern: it is blank; write a path of fields and items, "
                        + "e.g. sections[*].data[*].balance.asOf");
        assertThatThrownBy(() -> new ComparisonRules(List.of("sections[*.asOf"), 0, Map.of()))
                .hasMessage("ignore pattern 'sections[*.asOf' is not a path pattern: the '[' at position 8 is never "
                        + "closed; close it with ']'");
        assertThatThrownBy(() -> new ComparisonRules(List.of("sections..asOf"), 0, Map.of()))
                .hasMessageContaining("no field name at position 9; join field names with single dots");
        assertThatThrownBy(() -> new ComparisonRules(List.of("sections.[*]"), 0, Map.of()))
                .hasMessageContaining("write an item right after its list, without a dot");
        assertThatThrownBy(() -> new ComparisonRules(List.of("sections[*]asOf"), 0, Map.of()))
                .hasMessageContaining("'a' at position 11 follows an item; put a dot between an item and a field");
        assertThatThrownBy(() -> new ComparisonRules(List.of(), 0, Map.of("sections", " ")))
                .hasMessage("listKeys 'sections' has a blank key field; name the field that identifies an item of "
                        + "that list, e.g. 'id', or remove the rule to match by position");
        assertThatThrownBy(() -> new ComparisonRules(List.of(), 0, Map.of(), Set.of("sections")))
                .hasMessageContaining("namedLists 'sections' has no listKeys rule");
    }

    static JsonNode alice() {
        return json(ALICE);
    }

    static JsonNode json(String text) {
        return json(MAPPER, text);
    }

    static JsonNode json(ObjectMapper mapper, String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    static void reverse(ArrayNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        list.removeAll();
        items.reversed().forEach(list::add);
    }
}
