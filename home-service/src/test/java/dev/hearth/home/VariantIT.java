package dev.hearth.home;

import static dev.hearth.home.testing.Http.body;
import static dev.hearth.home.testing.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.observability.PrometheusText;
import dev.hearth.home.testing.HearthApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Screen variants end to end, over real HTTP through the sandbox: the shipped home.yml gives apps older than 2.0 a
 * home without openBanking (and calls no open banking for them), newer apps and apps that say nothing the default;
 * a test screen gives iOS and Android different sections. The body's {@code variant} and {@code X-Hearth-Variant}
 * say which answered.
 */
class VariantIT {
    /** The shipped screens plus {@code tour}, whose iOS and Android variants differ. */
    static final String TOUR = """
            # yaml-language-server: $schema=./screen.schema.json
            screen: tour
            budget: 800ms
            sections:
              - id: profile
                port: profile
                required: true
              - id: banners
                port: banners
                optional: true
                fallback: { value: [] }
            variants:
              - name: ios
                when: { platform: ios }
                remove: [banners]
              - name: android
                when: { platform: android, appVersion: ">=2.0" }
                override:
                  - { id: banners, deadline: 300ms }
                add:
                  - { id: cardList, port: cardList, optional: true, fallback: empty }
            """;

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().override("screens", VariantIT::screens);

    static String screens() {
        try {
            Path dir = Files.createTempDirectory("variant-screens");
            dir.toFile().deleteOnExit();
            for (String file : List.of("home.yml", "account-detail.yml", "screen.schema.json")) {
                Files.copy(Path.of("..", "screens", file), dir.resolve(file));
            }
            Files.writeString(dir.resolve("tour.yml"), TOUR);
            return dir.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(String path, String customer, String platform, String version) {
        Map<String, String> headers = new HashMap<>();
        if (platform != null) {
            headers.put("X-App-Platform", platform);
        }
        if (version != null) {
            headers.put("X-App-Version", version);
        }
        return APP.get(path, customer, headers);
    }

    static List<String> sections(JsonNode screen) {
        List<String> ids = new ArrayList<>();
        screen.get("sections").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    /** The open banking calls Hearth made (each one costs money), as its metrics count them. */
    static double openBankingCalls() {
        return PrometheusText.sample(APP.prometheus(), "hearth_port_calls_total", "port", "openBanking", "outcome", "ok")
                .orElse(0.0);
    }

    @Test
    void anAppOlderThanTwoGetsHomeWithoutOpenBankingAndNoOpenBankingCallIsMade() {
        double before = openBankingCalls();

        HttpResponse<String> old = get("/v1/home", "carol", "android", "1.9.7");

        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(header(old, "X-Hearth-Variant")).isEqualTo("legacy-apps");
        JsonNode screen = body(old, 200);
        assertThat(screen.get("variant").asText()).isEqualTo("legacy-apps");
        assertThat(sections(screen)).containsExactly("profile", "accounts", "cardList", "cards", "banners");
        assertThat(openBankingCalls()).as("the variant's screen has no openBanking section to call for").isEqualTo(before);
        assertThat(sections(body(get("/v1/home", "carol", null, "1.10"), 200))).as("1.10 is before 2.0")
                .doesNotContain("openBanking");
        assertThat(get("/v1/screens/home/sections/openBanking", "carol", "ios", "1.2").statusCode())
                .as("an old app's home has no openBanking section to refetch").isEqualTo(404);

        JsonNode now = body(get("/v1/home", "carol", "android", "2.0"), 200);
        assertThat(sections(now)).contains("openBanking");
        assertThat(openBankingCalls()).as("the same customer on app 2.0: called").isEqualTo(before + 1);
    }

    @Test
    void aNewAppAndAnAppThatSaysNothingGetTheDefault() {
        for (String[] app : new String[][] {{"android", "2.0"}, {"ios", "2.10.1"}, {null, null}, {"android", "banana"},
                {"windows-phone", "2.5"}}) {
            HttpResponse<String> response = get("/v1/home", "alice", app[0], app[1]);
            JsonNode screen = body(response, 200);
            assertThat(screen.get("variant").asText()).as(String.join(" ", String.valueOf(app[0]), String.valueOf(app[1])))
                    .isEqualTo("default");
            assertThat(header(response, "X-Hearth-Variant")).isEqualTo("default");
            assertThat(sections(screen)).containsExactly("profile", "accounts", "cardList", "cards", "openBanking",
                    "banners");
        }
    }

    @Test
    void iosAndAndroidGetTheSectionsTheScreenFileGivesThem() {
        JsonNode ios = body(get("/v1/screens/tour", "alice", "iOS", "2.3"), 200);
        JsonNode android = body(get("/v1/screens/tour", "alice", "android", "2.3"), 200);
        JsonNode oldAndroid = body(get("/v1/screens/tour", "alice", "android", "1.0"), 200);

        assertThat(ios.get("variant").asText()).isEqualTo("ios");
        assertThat(sections(ios)).containsExactly("profile");
        assertThat(android.get("variant").asText()).isEqualTo("android");
        assertThat(sections(android)).containsExactly("profile", "banners", "cardList");
        assertThat(android.get("sections").get(2).get("data")).as("alice's cards").isNotEmpty();
        assertThat(oldAndroid.get("variant").asText()).isEqualTo("default");
        assertThat(sections(oldAndroid)).containsExactly("profile", "banners");
    }

    @Test
    void aSectionOnlyAVariantHasCanBeSwitchedOffForItsApps() {
        HttpResponse<String> off = APP.postTask("section-off", Map.of("screen", "tour", "section", "cardList",
                "platform", "android", "reason", "only the android variant has it"));
        try {
            assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
            JsonNode cardList = body(get("/v1/screens/tour", "alice", "android", "2.3"), 200).get("sections").get(2);
            assertThat(cardList.get("id").asText()).isEqualTo("cardList");
            assertThat(cardList.get("status").asText()).isEqualTo("OMITTED");
            assertThat(cardList.get("reason").asText()).isEqualTo("DISABLED");
        } finally {
            APP.postTask("section-on", Map.of("screen", "tour", "section", "cardList", "platform", "android"));
        }
        HttpResponse<String> unknown = APP.postTask("section-off", Map.of("screen", "tour", "section", "cards"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("has no section 'cards'", "banners", "cardList");
    }
}
