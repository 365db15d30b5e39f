package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * screens/screen.schema.json, the JSON Schema editors use to complete and check screen files, accepts what the
 * reader accepts: every project screen validates, mistakes do not, and its keys are the reader's keys.
 */
class ScreenSchemaTest {
    static final Path SCREENS = Path.of("..", "screens");
    static JsonNode schemaJson;
    static Schema schema;

    @BeforeAll
    static void load() throws Exception {
        String text = Files.readString(SCREENS.resolve("screen.schema.json"));
        schemaJson = new ObjectMapper().readTree(text);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
    }

    static List<String> errors(String yaml) {
        return schema.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
    }

    @Test
    void everyScreenFileOfTheProjectValidatesAndNamesTheSchema() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(SCREENS)) {
            files = list.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String yaml = Files.readString(file);
            assertThat(errors(yaml)).as(file.toString()).isEmpty();
            assertThat(yaml).as(file + " tells the YAML language server where its schema is")
                    .startsWith("# yaml-language-server: $schema=./screen.schema.json\n");
        }
    }

    static final String VALID = """
            screen: home
            budget: 800ms
            sections:
              - id: accounts
                port: accounts
                from: customer
                required: true
                deadline: 600ms
                fields:
                  balance: { port: balance, optional: true, deadline: 300ms, fallback: { stale: 10m } }
                  alias:   { port: nickname, optional: true, fallback: { value: null } }
              - id: cards
                port: cardDetails
                from: { each: cardList }
                optional: true
                fallback: empty
              - id: openBanking
                port: openBanking
                optional: true
                freshness: 30s
                fallback: { stale: 10m }
              - id: account
                port: account
                from: { param: accountId }
                optional: true
                fallback: omit
            """;

    @Test
    void everyFormTheReaderAcceptsValidates() {
        ScreenYaml.parse("home.yml", VALID); // the reader accepts it too
        assertThat(errors(VALID)).isEmpty();
    }

    @Test
    void anUnknownKeyFails() {
        assertThat(errors(VALID.replace("    deadline: 600ms", "    timeout: 600ms"))).anyMatch(e -> e.contains("timeout"));
        assertThat(errors(VALID.replace("alias:   { port: nickname,", "alias:   { port: nickname, freshness: 1s,")))
                .anyMatch(e -> e.contains("freshness"));
        assertThat(errors(VALID.replace("budget: 800ms", "budget: 800ms\ntitle: Home"))).anyMatch(e -> e.contains("title"));
    }

    @Test
    void aWrongDurationFails() {
        for (String wrong : List.of("800", "0ms", "1.5s", "800 ms", "2d", "fast")) {
            assertThat(errors(VALID.replace("deadline: 600ms", "deadline: " + wrong))).as(wrong).isNotEmpty();
            assertThat(readerRejects(VALID.replace("deadline: 600ms", "deadline: " + wrong))).as(wrong).isTrue();
        }
        assertThat(errors(VALID.replace("stale: 10m } }", "stale: 10 } }"))).isNotEmpty();
    }

    @Test
    void otherShapeMistakesFail() {
        assertThat(errors(VALID.replace("    required: true\n    deadline: 600ms", "    deadline: 600ms")))
                .as("neither required nor optional").isNotEmpty();
        assertThat(errors(VALID.replace("    required: true\n", "    required: true\n    optional: true\n")))
                .as("both").isNotEmpty();
        assertThat(errors(VALID.replace("    required: true\n", "    required: false\n"))).as("false").isNotEmpty();
        assertThat(errors(VALID.replace("from: { each: cardList }", "from: { each: cardList, section: x }")))
                .as("two inputs").isNotEmpty();
        assertThat(errors(VALID.replace("from: customer", "from: customers"))).as("bad from").isNotEmpty();
        assertThat(errors(VALID.replace("fallback: empty", "fallback: stale"))).as("stale without age").isNotEmpty();
        assertThat(errors(VALID.replace("    required: true\n    deadline: 600ms",
                "    required: true\n    fallback: empty\n    deadline: 600ms"))).as("fallback on required").isNotEmpty();
    }

    /** The guard against drift: a key added to (or removed from) the reader must be added to the schema too. */
    @Test
    void theSchemasKeysAreTheReadersKeys() {
        Map<String, List<String>> reader = ScreenYaml.acceptedKeys();
        JsonNode defs = schemaJson.get("$defs");

        assertThat(keys(schemaJson.get("properties"))).containsExactlyInAnyOrderElementsOf(reader.get("screen"));
        assertThat(keys(defs.get("section").get("properties"))).containsExactlyInAnyOrderElementsOf(reader.get("section"));
        assertThat(keys(defs.get("field").get("properties"))).containsExactlyInAnyOrderElementsOf(reader.get("field"));
        assertThat(keys(objectForm(defs.get("from")))).containsExactlyInAnyOrderElementsOf(reader.get("from"));
        assertThat(keys(objectForm(defs.get("fallback")))).containsExactlyInAnyOrderElementsOf(reader.get("fallback"));
        assertThat(reader.keySet()).containsExactly("screen", "section", "field", "from", "fallback");
    }

    @Test
    void everyKeyHasADescriptionForEditorsToShow() {
        JsonNode defs = schemaJson.get("$defs");
        List<JsonNode> properties = List.of(schemaJson.get("properties"), defs.get("section").get("properties"),
                defs.get("field").get("properties"), objectForm(defs.get("from")), objectForm(defs.get("fallback")));
        for (JsonNode props : properties) {
            props.properties().forEach(p -> {
                JsonNode node = p.getValue();
                boolean described = node.has("description")
                        || node.has("$ref") && defs.get(node.get("$ref").asText().replace("#/$defs/", "")).has("description");
                assertThat(described).as(p.getKey()).isTrue();
            });
        }
    }

    private static JsonNode objectForm(JsonNode oneOf) {
        for (JsonNode form : oneOf.get("oneOf")) {
            if (form.has("properties")) {
                return form.get("properties");
            }
        }
        throw new AssertionError("no mapping form in " + oneOf);
    }

    private static List<String> keys(JsonNode properties) {
        List<String> keys = new ArrayList<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static boolean readerRejects(String yaml) {
        try {
            ScreenYaml.parse("home.yml", yaml);
            return false;
        } catch (ScreenDefinitionException e) {
            return true;
        }
    }
}
