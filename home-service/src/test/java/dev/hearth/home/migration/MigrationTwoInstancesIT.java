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
        return HearthApp.onTestConfig()
                .override("database.driverClass", "org.postgresql.Driver")
                .override("database.url", database.jdbcUrl())
                .override("database.user", database.user())
                .override("database.password", "")
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
