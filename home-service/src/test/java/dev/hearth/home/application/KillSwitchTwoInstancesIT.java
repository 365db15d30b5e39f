package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kill switches end to end (issue 30, docs/adr/027-kill-switches.md): two Hearth instances on one real PostgreSQL
 * (embedded), each reading the switches every second ({@code killSwitches.pollInterval}). A section switched off
 * for iOS through one instance's admin task answers OMITTED with reason DISABLED to iOS apps on both within the poll
 * interval (plus margin), without a call to its downstream, while Android and apps that name no platform still get
 * it; switched on again through the other instance, it is back on both. A required section is refused with 400.
 */
class KillSwitchTwoInstancesIT {
    /** The poll interval is 1 s; a generous margin for two JVM-shared instances on a loaded CI machine. */
    static final Duration WITHIN = Duration.ofSeconds(3);
    static final ObjectMapper JSON = new ObjectMapper();
    static HearthApp first;
    static HearthApp second;

    @BeforeAll
    static void twoInstancesOnePostgres() throws Exception {
        PostgresFixture.Database database = PostgresFixture.newDatabase();
        first = instance(database);
        first.start();
        second = instance(database);
        second.start();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    private static HearthApp instance(PostgresFixture.Database database) {
        return HearthApp.onTestConfig().onDatabase(database)
                .override("killSwitches.pollInterval", "1s");
    }

    @Test
    void aSectionSwitchedOffForIosOnOneInstanceIsOffForIosOnBothWithinThePollIntervalAndOnAgain() throws Exception {
        assertThat(banners(second, "ios").get("status").asText()).isEqualTo("OK");

        String answer = first.task("section-off", Map.of("screen", "home", "section", "banners", "platform", "iOS",
                "by", "alice", "reason", "INC-42: banners crash iOS 3.1"));

        assertThat(answer).startsWith("switched off: home/banners (ios)").contains("by alice: INC-42");
        assertThat(banners(first, "ios")).as("the instance that made the change, at once")
                .isEqualTo(JSON.readTree("{\"id\":\"banners\",\"status\":\"OMITTED\",\"reason\":\"DISABLED\"}"));
        long followed = awaitBanners(second, "ios", "OMITTED");
        System.out.printf("KillSwitchTwoInstancesIT: the other instance followed the switch in %d ms%n", followed);
        assertThat(banners(second, "ios").get("reason").asText()).isEqualTo("DISABLED");

        long calls = bannerCalls(second);
        for (int i = 0; i < 3; i++) {
            assertThat(banners(second, "ios").get("status").asText()).isEqualTo("OMITTED");
        }
        assertThat(bannerCalls(second)).as("a switched-off section makes no call").isEqualTo(calls);
        assertThat(banners(second, "android").get("status").asText()).as("android is not switched off")
                .isEqualTo("OK");
        assertThat(banners(first, null).get("status").asText()).as("an app naming no platform neither")
                .isEqualTo("OK");
        assertThat(bannerCalls(second)).isEqualTo(calls + 1);
        JsonNode ios = Http.body(second.get("/v1/home", "alice", Map.of("X-App-Platform", "ios")), 200);
        assertThat(ios.at("/sections/0/status").asText()).as("the other sections are unaffected").isEqualTo("OK");

        JsonNode view = Http.body(second.adminGet("/switches"), 200);
        assertThat(view.get("switches")).hasSize(1);
        JsonNode off = view.get("switches").get(0);
        assertThat(off.get("screen").asText()).isEqualTo("home");
        assertThat(off.get("section").asText()).isEqualTo("banners");
        assertThat(off.get("platform").asText()).isEqualTo("ios");
        assertThat(off.get("actor").asText()).isEqualTo("admin (open admin port) by alice");
        assertThat(off.get("reason").asText()).isEqualTo("INC-42: banners crash iOS 3.1");
        assertThat(off.get("inForce").asBoolean()).isTrue();
        assertThat(off.get("switchedAt").asText()).isNotBlank();
        assertThat(view.get("refreshFailures").asLong()).isZero();
        assertThat(changes(first, "off")).isEqualTo(1);
        assertThat(Http.body(second.adminGet("/version"), 200).get("killSwitches").toString())
                .isEqualTo("[\"home/banners (ios)\"]");

        assertThat(second.task("section-on", Map.of("screen", "home", "section", "banners", "platform", "ios",
                "reason", "INC-42 fixed in 3.1.1"))).startsWith("switched on again: home/banners (ios)");
        assertThat(banners(second, "ios").get("status").asText()).isEqualTo("OK");
        awaitBanners(first, "ios", "OK");
        assertThat(Http.body(first.adminGet("/switches"), 200).get("switches")).isEmpty();
        assertThat(changes(second, "on")).isEqualTo(1);
    }

    @Test
    void aSectionOffForEveryoneTakesTheSectionsThatReadItAlongAndIsOnAgainOnBoth() throws Exception {
        String answer = second.task("section-off", Map.of("screen", "home", "section", "cardList"));
        assertThat(answer).contains("home/cardList (every platform)").contains("off with it (they read it): [cards]");

        awaitSection(first, "cardList", "android", "OMITTED");
        for (String platform : new String[] {"ios", "android", null}) {
            JsonNode home = home(first, platform);
            assertThat(section(home, "cardList").get("reason").asText()).isEqualTo("DISABLED");
            assertThat(section(home, "cards")).as("cards reads cardList: off with it")
                    .isEqualTo(JSON.readTree("{\"id\":\"cards\",\"status\":\"OMITTED\",\"reason\":\"DISABLED\"}"));
        }

        first.task("section-on", Map.of("screen", "home", "section", "cardList"));
        awaitSection(second, "cardList", "ios", "OK");
        assertThat(section(home(second, "ios"), "cards").get("status").asText()).isNotEqualTo("OMITTED");
    }

    @Test
    void aRequiredSectionCannotBeSwitchedOff400NamingItAndWhy() {
        for (String required : new String[] {"profile", "accounts"}) {
            HttpResponse<String> refused = first.postTask("section-off", Map.of("screen", "home", "section", required,
                    "platform", "ios"));
            assertThat(refused.statusCode()).as(required).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.body()).contains("section '" + required + "' of screen 'home' is required")
                    .contains("a required section cannot be switched off")
                    .contains("cardList, cards, openBanking, banners");
        }
        assertThat(first.postTask("section-off", Map.of("screen", "home", "section", "bannerz")).body())
                .contains("screen 'home' has no section 'bannerz'");
        assertThat(first.postTask("section-off", Map.of("screen", "hom", "section", "banners")).body())
                .contains("there is no screen 'hom'");
        assertThat(first.postTask("section-off", Map.of("screen", "home", "section", "banners", "platform",
                "i os")).body()).contains("platform is 1 to 64 of a-z 0-9 . _ -");
        assertThat(first.postTask("section-off", Map.of("screen", "home", "sektion", "banners")).body())
                .contains("section-off has no parameter 'sektion'");
        assertThat(Http.body(first.adminGet("/switches"), 200).get("switches").findValuesAsText("section"))
                .as("nothing stored").doesNotContain("profile", "accounts", "bannerz");
    }

    private static JsonNode home(HearthApp instance, String platform) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (platform != null) {
            headers.put("X-App-Platform", platform);
        }
        return Http.body(instance.get("/v1/home", "alice", headers), 200);
    }

    private static JsonNode section(JsonNode home, String id) {
        for (JsonNode section : home.get("sections")) {
            if (section.get("id").asText().equals(id)) {
                return section;
            }
        }
        throw new AssertionError("no section " + id + " in " + home);
    }

    private static JsonNode banners(HearthApp instance, String platform) {
        return section(home(instance, platform), "banners");
    }

    /** Milliseconds until {@code instance} answers banners with {@code status} to {@code platform}; fails after WITHIN. */
    private static long awaitBanners(HearthApp instance, String platform, String status) throws InterruptedException {
        return awaitSection(instance, "banners", platform, status);
    }

    private static long awaitSection(HearthApp instance, String id, String platform, String status)
            throws InterruptedException {
        long started = System.nanoTime();
        while (!section(home(instance, platform), id).get("status").asText().equals(status)) {
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(WITHIN) > 0) {
                throw new AssertionError(id + " not " + status + " for " + platform + " within " + WITHIN);
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** Calls the instance's sandbox banners endpoint has received ({@code hearth.sandbox.calls.banners}). */
    private static long bannerCalls(HearthApp instance) {
        return Http.body(instance.adminGet("/metrics"), 200).at("/gauges/hearth.sandbox.calls.banners/value").asLong();
    }

    /** {@code hearth_kill_switch_changes_total{action=action}} on {@code instance}. */
    private static double changes(HearthApp instance, String action) {
        Matcher sample = Pattern.compile("(?m)^hearth_kill_switch_changes_total\\{action=\"" + action
                + "\"} ([0-9.eE+]+)$").matcher(instance.prometheus());
        assertThat(sample.find()).as("hearth_kill_switch_changes_total{action=%s}", action).isTrue();
        return Double.parseDouble(sample.group(1));
    }
}
