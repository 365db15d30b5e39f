package dev.hearth.home.migration;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.Side;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Hearth instances on one real PostgreSQL (embedded): a rollout change made through one instance's admin task is
 * followed by the other within 5 seconds, 0 % above all; both report the same config versions. Each instance reads the rollout every second (the shipped
 * {@code pollInterval}).
 */
class MigrationTwoInstancesIT {
    static final Duration WITHIN = Duration.ofSeconds(5);
    static HearthApp first;
    static HearthApp second;
    static Instant started;
    /** {@code GET /migration} of the second instance right after it started, before any test changed the rollout. */
    static JsonNode atStart;

    @BeforeAll
    static void twoInstancesOnePostgres() throws Exception {
        started = Instant.now();
        PostgresFixture.Database database = PostgresFixture.newDatabase();
        first = instance(database);
        first.start();
        second = instance(database);
        second.start();
        atStart = Http.body(second.adminGet("/migration"), 200);
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
                .override("migration.pollInterval", "1s");
    }

    @Test
    void aChangeMadeOnOneInstanceIsFollowedByTheOtherWithinFiveSeconds() throws Exception {
        assertThat(servedBy(second, "alice")).isEqualTo("hearth");

        Instant changed = Instant.now();
        assertThat(task(first, "rollout", Map.of("percent", "0"))).startsWith("rollout 0 %");
        assertThat(servedBy(first, "alice")).as("the instance that made the change follows at once").isEqualTo("legacy");
        Duration followed = awaitServedBy(second, "alice", "legacy");

        assertThat(followed).isLessThan(WITHIN);
        assertThat(servedBy(second, "bob")).isEqualTo("legacy");

        task(second, "rollout", Map.of("percent", "100"));
        assertThat(awaitServedBy(first, "bob", "hearth")).isLessThan(WITHIN);
        assertThat(Duration.between(changed, Instant.now())).isLessThan(WITHIN.multipliedBy(3));
    }

    /**
     * Both instances report the same versions of the screens, port policies and rollout ({@code GET /version} and
     * {@code hearth_config_info}); a rollout change made through one shows on the other within 5 seconds, the old
     * rollout hash gone from its metric (docs/adr/021-fleet-config.md).
     */
    @Test
    void bothInstancesReportTheSameVersionsAndTheRolloutVersionFollowsAChangeOnEither() throws Exception {
        awaitTrue("the same versions on both", WITHIN.multipliedBy(2),
                () -> versions(first).equals(versions(second)));
        Map<String, String> before = versions(second);
        assertThat(configInfo(second)).isEqualTo(before);
        assertThat(configInfo(first)).isEqualTo(before);

        double rate = 0.125 + (before.get("rollout").hashCode() & 0xff) / 10_000.0; // a rate no other test sets
        task(first, "shadow-sampling", Map.of("rate", Double.toString(rate)));
        Map<String, String> changed = versions(first);
        assertThat(changed.get("rollout")).as("the instance that made the change, at once")
                .isNotEqualTo(before.get("rollout"));
        assertThat(changed.get("screens")).isEqualTo(before.get("screens"));
        assertThat(changed.get("ports")).isEqualTo(before.get("ports"));

        long started = System.nanoTime();
        awaitTrue("the other instance's rollout version follows", WITHIN.multipliedBy(2),
                () -> versions(second).equals(changed));
        Duration followed = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("MigrationTwoInstancesIT: the other instance's rollout version followed in %d ms%n",
                followed.toMillis());
        assertThat(followed).isLessThan(WITHIN);
        assertThat(configInfo(second)).as("one series, the new rollout hash in place of the old").isEqualTo(changed);
        assertThat(Http.body(second.adminGet("/version"), 200).at("/rolloutSettings/shadowRate").asDouble())
                .isEqualTo(rate);

        task(second, "shadow-sampling", Map.of("rate", "0"));
        awaitTrue("back to no sampling on both", WITHIN.multipliedBy(2),
                () -> versions(first).equals(versions(second)));
    }

    /**
     * A change made through one instance, with a reason, is in both instances' {@code /migration/history}, newest
     * first, with its actor, from/to and reason; config.yml's rollout was written once, by the first instance, at its
     * start, and {@code /migration} says so (never the epoch); each change is counted by its actor's kind.
     */
    @Test
    void bothInstancesShowTheSameHistoryWithWhoChangedTheRolloutWhenAndWhy() throws Exception {
        assertThat(atStart.get("changedBy").asText()).as("set from config.yml, never changed").isEqualTo("config");
        assertThat(Instant.parse(atStart.get("changedAt").asText())).as("when it was stored, not 1970")
                .isAfterOrEqualTo(started.minusSeconds(1));
        JsonNode oldest = last(history(second, 1000));
        assertThat(oldest.get("version").asLong()).isZero();
        assertThat(oldest.get("actor").asText()).isEqualTo("config");
        assertThat(oldest.get("reason").asText()).contains("migration.initialPercent");
        assertThat(oldest.at("/from/percent").isNull()).isTrue();
        assertThat(oldest.at("/to/percent").asText()).isEqualTo("100");
        assertThat(Instant.parse(oldest.get("changedAt").asText())).as("written at the first start, not the epoch")
                .isAfterOrEqualTo(started.minusSeconds(1));
        assertThat(configWrites(first) + configWrites(second)).as("one instance wrote it").isEqualTo(1);
        double adminChanges = changes(first, "admin");

        task(first, "rollout", Map.of("percent", "40", "allowAdd", "staff-7", "by", "alice",
                "reason", "OPS-31: error rate flat for a day"));

        JsonNode newest = history(first, 1).get(0);
        assertThat(newest.get("actor").asText()).isEqualTo("admin (open admin port) by alice");
        assertThat(newest.get("actorKind").asText()).isEqualTo("admin");
        assertThat(newest.get("reason").asText()).isEqualTo("OPS-31: error rate flat for a day");
        assertThat(newest.at("/to/percent").asText()).isEqualTo("40");
        assertThat(newest.get("allowAdded").toString()).isEqualTo("[\"staff-7\"]");
        assertThat(history(second, 5)).as("the other instance reads the same history").isEqualTo(history(first, 5));
        assertThat(changes(first, "admin")).isEqualTo(adminChanges + 1);
        JsonNode status = Http.body(first.adminGet("/migration"), 200);
        assertThat(status.get("changedBy").asText()).isEqualTo("admin (open admin port) by alice");
        assertThat(Instant.parse(status.get("changedAt").asText())).isAfterOrEqualTo(started);

        task(second, "rollout", Map.of("percent", "100", "allowRemove", "staff-7"));
        JsonNode back = history(first, 2);
        assertThat(back.get(0).at("/from/percent").asText()).isEqualTo("40");
        assertThat(back.get(0).get("reason").isNull()).as("no reason given").isTrue();
        assertThat(back.get(0).get("allowRemoved").toString()).isEqualTo("[\"staff-7\"]");
        assertThat(back.get(1)).isEqualTo(newest);
    }

    @Test
    void badHistoryParametersAndReasonsAre400SayingWhatIsAccepted() {
        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "limit=", "limt=5")) {
            HttpResponse<String> response = first.adminGet("/migration/history?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).as(query).contains("limit must be a whole number from 1 to 1000");
        }
        long version = Http.body(first.adminGet("/migration"), 200).get("version").asLong();
        HttpResponse<String> tooLong = first.postTask("rollout", Map.of("percent", "0", "reason", "x".repeat(501)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("reason is at most 500 characters");
        HttpResponse<String> twoLines = first.postTask("shadow-sampling", Map.of("rate", "0", "reason", "a\nb"));
        assertThat(twoLines.statusCode()).isEqualTo(400);
        assertThat(twoLines.body()).contains("reason is one line of text");
        assertThat(Http.body(first.adminGet("/migration"), 200).get("version").asLong()).as("nothing changed")
                .isEqualTo(version);
    }

    private static JsonNode history(HearthApp instance, int limit) {
        JsonNode changes = Http.body(instance.adminGet("/migration/history?limit=" + limit), 200).get("changes");
        assertThat(changes.size()).isBetween(1, limit);
        return changes;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    private static double configWrites(HearthApp instance) {
        return changes(instance, "config");
    }

    /** {@code hearth_rollout_changes_total{actor_kind=kind}} on {@code instance}. */
    private static double changes(HearthApp instance, String kind) {
        Matcher sample = Pattern.compile("(?m)^hearth_rollout_changes_total\\{actor_kind=\"" + kind
                + "\"} ([0-9.eE+]+)$").matcher(instance.prometheus());
        assertThat(sample.find()).as("hearth_rollout_changes_total{actor_kind=%s}", kind).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private static Map<String, String> versions(HearthApp instance) {
        JsonNode version = Http.body(instance.adminGet("/version"), 200);
        return Map.of("screens", version.get("screens").asText(), "ports", version.get("ports").asText(),
                "rollout", version.get("rollout").asText());
    }

    /** The labels of the instance's one {@code hearth_config_info} series. */
    private static Map<String, String> configInfo(HearthApp instance) {
        Matcher series = Pattern.compile("(?m)^hearth_config_info\\{(.*)} 1(\\.0)?$").matcher(instance.prometheus());
        assertThat(series.find()).as("hearth_config_info").isTrue();
        Map<String, String> labels = new TreeMap<>();
        Matcher label = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(series.group(1));
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        assertThat(series.find()).as("one series only").isFalse();
        return labels;
    }

    /** How long until {@code instance} serves {@code customer} from {@code side}; fails after twice the promise. */
    private static Duration awaitServedBy(HearthApp instance, String customer,
            String side) throws Exception {
        long started = System.nanoTime();
        Duration limit = WITHIN.multipliedBy(2);
        while (!side.equals(servedBy(instance, customer))) {
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(limit) > 0) {
                throw new AssertionError(customer + " not served by " + side + " within " + limit);
            }
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String servedBy(HearthApp instance, String customer) {
        HttpResponse<String> response = instance.get("/v1/home", customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue(Side.HEADER).orElseThrow();
    }

    private static String task(HearthApp instance, String task, Map<String, String> params) {
        return instance.task(task, params);
    }
}
