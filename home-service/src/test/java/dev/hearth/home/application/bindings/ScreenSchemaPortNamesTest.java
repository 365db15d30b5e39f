package dev.hearth.home.application.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * screens/screen.schema.json lists the registered port names ({@code $defs.portName.enum}), generated from the port
 * registry ({@link ScreenBindings}): this test fails when the two differ, saying which names, and rewrites the enum
 * when run with {@code -Dhearth.schema.write=true}. So an editor flags {@code openBankng} as the file is typed, before
 * {@code check-screens} does (docs/adr/027-kill-switches.md, "Port names in the editor").
 */
class ScreenSchemaPortNamesTest {
    static final Path SCHEMA = Path.of("..", "screens", "screen.schema.json");
    static final String WRITE = "hearth.schema.write";
    /** The whole {@code portName} definition, as this test writes it. */
    static final Pattern PORT_NAME = Pattern.compile("(?s)\\n    \"portName\": \\{.*?\\n    },?\\n");

    static List<String> registered() {
        return new ArrayList<>(new TreeSet<>(ScreenBindings.bind(ScreenBindings.unconnected(), name -> Optional.empty())
                .registry().names()));
    }

    static List<String> listed(String schema) throws Exception {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(schema).at("/$defs/portName/enum").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The {@code portName} definition for {@code names}, in the file's layout. */
    static String definition(List<String> names) {
        return """
                
                    "portName": {
                      "description": "A port registered in home-service (application/bindings, ScreenBindings). Generated from the port registry: ScreenSchemaPortNamesTest fails when this list and the registry differ (run it with -Dhearth.schema.write=true to rewrite it).",
                      "type": "string",
                      "enum": [%s]
                    },
                """.formatted(names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")));
    }

    @Test
    void theSchemaListsExactlyTheRegisteredPortNames() throws Exception {
        String schema = Files.readString(SCHEMA, StandardCharsets.UTF_8);
        List<String> registered = registered();
        if (Boolean.getBoolean(WRITE) && !listed(schema).equals(registered)) {
            Matcher block = PORT_NAME.matcher(schema);
            assertThat(block.find()).as("the portName definition in " + SCHEMA).isTrue();
            schema = schema.substring(0, block.start()) + definition(registered) + schema.substring(block.end());
            Files.writeString(SCHEMA, schema, StandardCharsets.UTF_8);
        }
        List<String> listed = listed(schema);
        List<String> missing = registered.stream().filter(n -> !listed.contains(n)).toList();
        List<String> unknown = listed.stream().filter(n -> !registered.contains(n)).toList();

        assertThat(listed).as("%s's $defs.portName.enum differs from the port registry: missing %s, not registered "
                + "%s. Rewrite it: ./mvnw -o -pl home-service -am test -Dtest=ScreenSchemaPortNamesTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -D%s=true", SCHEMA, missing, unknown, WRITE)
                .containsExactlyElementsOf(registered);
        assertThat(definition(listed)).as("the portName definition as generated").isEqualTo(block(schema));
    }

    @Test
    void anEditorFlagsAMisspeltPortAndTheShippedScreensPass() throws Exception {
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA, StandardCharsets.UTF_8), InputFormat.JSON);
        String home = Files.readString(SCHEMA.resolveSibling("home.yml"), StandardCharsets.UTF_8);
        assertThat(schema.validate(home, InputFormat.YAML)).isEmpty();
        assertThat(home).contains("port: openBanking");

        List<String> errors = schema.validate(home.replace("port: openBanking", "port: openBankng"), InputFormat.YAML)
                .stream().map(Error::toString).toList();

        assertThat(errors).singleElement().asString().contains("/sections/4/port").contains("openBanking");
    }

    private static String block(String schema) {
        Matcher block = PORT_NAME.matcher(schema);
        assertThat(block.find()).as("the portName definition in " + SCHEMA).isTrue();
        return block.group();
    }

}
