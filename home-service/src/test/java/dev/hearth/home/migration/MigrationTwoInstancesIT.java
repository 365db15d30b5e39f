package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Side;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static DropwizardTestSupport<HomeConfiguration> first;
    static DropwizardTestSupport<HomeConfiguration> second;

    @BeforeAll
    static void twoInstancesOnePostgres() throws Exception {
        PostgresFixture.Database database = PostgresFixture.newDatabase();
        first = instance(database);
        first.before();
        second = instance(database);
        second.before();
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.after();
        }
        if (first != null) {
            first.after();
        }
    }

    private static DropwizardTestSupport<HomeConfiguration> instance(PostgresFixture.Database database) {
        return new DropwizardTestSupport<>(HomeApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
                ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
                ConfigOverride.config("database.url", database.jdbcUrl()),
                ConfigOverride.config("database.user", database.user()),
                ConfigOverride.config("database.password", ""),
                ConfigOverride.config("migration.pollInterval", "1s"));
    }

    @Test
    void aChangeMadeOnOneInstanceIsFollowedByTheOtherWithinFiveSeconds() throws Exception {
        assertThat(servedBy(second, "alice")).isEqualTo("hearth");

        Instant changed = Instant.now();
        assertThat(task(first, "rollout?percent=0")).startsWith("rollout 0 %");
        assertThat(servedBy(first, "alice")).as("the instance that made the change follows at once").isEqualTo("legacy");
        Duration followed = awaitServedBy(second, "alice", "legacy");

        assertThat(followed).isLessThan(WITHIN);
        assertThat(servedBy(second, "bob")).isEqualTo("legacy");

        task(second, "rollout?percent=100");
        assertThat(awaitServedBy(first, "bob", "hearth")).isLessThan(WITHIN);
        assertThat(Duration.between(changed, Instant.now())).isLessThan(WITHIN.multipliedBy(3));
    }

    /** How long until {@code instance} serves {@code customer} from {@code side}; fails after twice the promise. */
    private static Duration awaitServedBy(DropwizardTestSupport<HomeConfiguration> instance, String customer,
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

    private static String servedBy(DropwizardTestSupport<HomeConfiguration> instance, String customer)
            throws Exception {
        HomeConfiguration config = instance.getConfiguration();
        String token = new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(),
                config.getAuth().getAudience()).issue(new CustomerId(customer), "home:read", Instant.now(),
                Duration.ofMinutes(5));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.getLocalPort() + "/v1/home")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue(Side.HEADER).orElseThrow();
    }

    private static String task(DropwizardTestSupport<HomeConfiguration> instance, String task) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.getAdminPort() + "/tasks/" + task)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
