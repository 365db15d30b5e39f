package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.ports.domain.model.Side;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Hearth instances on one real PostgreSQL (embedded): a rollout change made through one instance's admin task is
 * followed by the other within 5 seconds, 0 % above all. Each instance reads the rollout every second (the shipped
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
