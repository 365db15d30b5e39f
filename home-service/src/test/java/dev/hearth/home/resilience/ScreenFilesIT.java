package dev.hearth.home.resilience;

import static dev.hearth.home.resilience.StubbedDownstreams.assertNothingLeftRunning;
import static dev.hearth.home.testing.Await.awaitTrue;
import static dev.hearth.home.testing.Http.section;
import static dev.hearth.home.testing.Http.sectionIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.testing.HearthApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The screen files at work: open banking's freshness window and stale fallback, and screen edits applied by the
 * reload task. The app's home.yml is a copy whose open banking is fresh for 1 s instead of 30 s, so a test can see
 * the window pass (there is no fake clock in the running app).
 */
class ScreenFilesIT {
    static final Duration FRESHNESS = Duration.ofSeconds(1);
    static final List<String> HOME = List.of("profile", "accounts", "cardList", "cards", "openBanking", "banners");

    @RegisterExtension
    static final StubbedDownstreams STUBS = new StubbedDownstreams("""
            ports:
              defaults:
                circuitBreaker: { enabled: false }
            """, Map.of("home.yml", homeFreshFor(FRESHNESS)));
    static final HearthApp APP = STUBS.app;

    /** screens/home.yml with open banking fresh for {@code freshness} instead of 30 s. */
    static String homeFreshFor(Duration freshness) {
        try {
            String home = Files.readString(Path.of("../screens/home.yml"));
            assertThat(home).contains("freshness: 30s");
            return home.replace("freshness: 30s", "freshness: " + freshness.toSeconds() + "s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void resetSandbox() {
        APP.sandboxReset();
    }

    @Test
    void aFailingOpenBankingShowsItsLastGoodValueAsStaleWithTheReasonOnceTheFreshnessWindowHasPassed() {
        Instant before = Instant.now();
        JsonNode good = section(APP.json("/v1/home", "alice"), "openBanking");
        assertThat(good.get("status").asText()).isEqualTo("OK");
        assertThat(good.get("data")).isNotEmpty();
        Instant fetched = Instant.now();

        APP.sandboxFault("openBanking", "errorRate", "1");
        JsonNode[] failing = new JsonNode[1];
        awaitTrue("the freshness window passes and open banking is called again", Duration.ofSeconds(20), () -> {
            failing[0] = section(APP.json("/v1/home", "alice"), "openBanking");
            return !failing[0].get("status").asText().equals("OK");
        });

        for (JsonNode stale : List.of(failing[0], section(APP.json("/v1/screens/home", "alice"), "openBanking"))) {
            assertThat(stale.get("status").asText()).isEqualTo("STALE");
            assertThat(stale.get("reason").asText()).isEqualTo("ERROR");
            assertThat(stale.get("data")).as("the last good value").isEqualTo(good.get("data"));
            // fetched by the good request, or by one at most a freshness window before it
            assertThat(Instant.parse(stale.get("asOf").asText())).as("asOf")
                    .isBetween(before.minus(FRESHNESS).truncatedTo(ChronoUnit.MILLIS), fetched);
        }

        APP.sandboxReset();
        assertThat(section(APP.json("/v1/home", "alice"), "openBanking").get("status").asText()).as("live again")
                .isEqualTo("OK");
        assertNothingLeftRunning(APP);
    }

    @Test
    void aGoodEditOfAScreenFileIsAppliedAndABreakingOneRejectedWhileRequestsKeepSucceeding() throws Exception {
        Path file = APP.screens().resolve("home.yml");
        String original = Files.readString(file);
        int cardList = original.indexOf("  - id: cardList");
        int openBanking = original.indexOf("  - id: openBanking");
        int banners = original.indexOf("  - id: banners");
        assertThat(List.of(cardList, openBanking, banners)).doesNotContain(-1).isSorted();
        // open banking moved up before the cards, banners removed
        String edited = original.substring(0, cardList) + original.substring(openBanking, banners)
                + original.substring(cardList, openBanking);
        String broken = edited.replace("port: cardDetails", "port: cardDetail");
        long brokenLine = broken.substring(0, broken.indexOf("port: cardDetail")).chars().filter(c -> c == '\n').count() + 1;

        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                statuses.add(APP.timed("/v1/home", "alice").response().statusCode());
            }
        });
        try {
            awaitTrue("requests flow before the reloads", Duration.ofSeconds(20), () -> statuses.size() >= 3);
            assertThat(sectionIds(APP.json("/v1/home", "alice"))).containsExactlyElementsOf(HOME);

            Files.writeString(file, edited);
            HttpResponse<String> good = APP.reload();
            assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
            assertThat(good.body()).contains("screens: 3 loaded");
            assertThat(sectionIds(APP.json("/v1/home", "alice"))).as("applied without a restart")
                    .containsExactly("profile", "accounts", "openBanking", "cardList", "cards");

            Files.writeString(file, broken);
            HttpResponse<String> rejected = APP.reload();
            assertThat(rejected.statusCode()).isNotEqualTo(200);
            assertThat(rejected.body()).contains("reload rejected").contains("home.yml:" + brokenLine)
                    .contains("unknown port 'cardDetail'");
            assertThat(sectionIds(APP.json("/v1/home", "alice"))).as("the edited definition keeps serving")
                    .containsExactly("profile", "accounts", "openBanking", "cardList", "cards");
            assertThat(section(APP.json("/v1/home", "alice"), "cards").get("status").asText()).isEqualTo("OK");

            Files.writeString(file, original);
            HttpResponse<String> back = APP.reload();
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(sectionIds(APP.json("/v1/home", "alice"))).containsExactlyElementsOf(HOME);
            int during = statuses.size();
            awaitTrue("requests flow after the reloads", Duration.ofSeconds(20), () -> statuses.size() >= during + 3);
        } finally {
            running.set(false);
            load.join(Duration.ofSeconds(10));
            if (!Files.readString(file).equals(original)) {
                Files.writeString(file, original);
                APP.reload();
            }
        }
        assertThat(statuses).as("requests during the reloads").hasSizeGreaterThanOrEqualTo(6).containsOnly(200);
    }
}
