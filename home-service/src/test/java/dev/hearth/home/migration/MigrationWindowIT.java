package dev.hearth.home.migration;

import static dev.hearth.home.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.ports.domain.model.Side;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's figures on two Hearth instances sharing one real PostgreSQL (embedded): each adds its tallies, and
 * {@code /migration}'s {@code window} on either sums both instances' homes and fallbacks; fallbacks caused by a real
 * downstream fault (the sandbox's required {@code profile} port failing on one instance) show in the window's
 * fallback rate and in the Prometheus gauges.
 */
class MigrationWindowIT {
    static final Duration WITHIN = Duration.ofSeconds(10);
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
            second.sandboxReset();
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    private static HearthApp instance(PostgresFixture.Database database) {
        return HearthApp.onTestConfig().onDatabase(database)
                .override("migration.tallyInterval", "200ms");
    }

    @Test
    void theWindowSumsBothInstancesHomesAndTheFallbacksOfARealDownstreamFault() throws Exception {
        JsonNode before = window(first);
        Instant started = Instant.now();

        for (int i = 0; i < 6; i++) {
            assertThat(servedBy(first, "alice")).isEqualTo(Side.HEARTH.label());
        }
        for (int i = 0; i < 4; i++) {
            assertThat(servedBy(second, "bob")).isEqualTo(Side.HEARTH.label());
        }
        second.sandboxFault("profile", "errorRate", "1"); // a required section: Hearth cannot build the home
        for (int i = 0; i < 5; i++) {
            assertThat(servedBy(second, "bob")).as("answered by legacy in Hearth's place")
                    .isEqualTo(Side.LEGACY_FALLBACK.label());
        }
        second.sandboxReset();

        long routed = 6 + 4 + 5;
        awaitTrue("both instances' tallies in the window", WITHIN,
                () -> window(first).get("routedToHearth").asLong() - before.get("routedToHearth").asLong() == routed);
        JsonNode after = window(first);
        assertThat(after.get("instances").asInt()).as("both instances added tallies").isEqualTo(2);
        assertThat(after.get("hearthServed").asLong() - before.get("hearthServed").asLong()).isEqualTo(10);
        assertThat(after.get("fallbacks").asLong() - before.get("fallbacks").asLong()).isEqualTo(5);
        long fallbacks = after.get("fallbacks").asLong();
        assertThat(after.get("fallbackRate").asDouble())
                .isCloseTo((double) fallbacks / after.get("routedToHearth").asLong(), within(1e-9));
        assertThat(after.get("fallbackRate").asDouble()).isGreaterThan(0);
        assertThat(after.get("hearthP99Ms").asLong()).isPositive();
        assertThat(Instant.parse(after.get("until").asText())).isAfterOrEqualTo(started);
        assertThat(Duration.between(Instant.parse(after.get("since").asText()), Instant.parse(after.get("until")
                .asText()))).as("migration.autoRollback.window").isEqualTo(Duration.ofMinutes(5));
        assertThat(window(second).get("routedToHearth").asLong()).as("the same window from the other instance")
                .isEqualTo(after.get("routedToHearth").asLong());

        awaitTrue("the fleet's fallback rate in the metrics (refreshed every 5 s)", WITHIN,
                () -> gauge(second, "hearth_migration_window_fallback_rate") > 0);
        String prometheus = second.prometheus();
        assertThat(prometheus).contains("hearth_migration_section_mismatch_rate{section=\"profile\"}")
                .contains("hearth_migration_section_mismatch_rate{section=\"other\"}")
                .contains("hearth_migration_window_mismatch_rate ")
                .contains("hearth_migration_window_hearth_p99_seconds ");
    }

    private static JsonNode window(HearthApp instance) {
        return Http.body(instance.adminGet("/migration"), 200).get("window");
    }

    private static double gauge(HearthApp instance, String name) {
        Matcher sample = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(instance.prometheus());
        assertThat(sample.find()).as(name).isTrue();
        return Double.parseDouble(sample.group(1));
    }

    private static String servedBy(HearthApp instance, String customer) {
        HttpResponse<String> response = instance.get("/v1/home", customer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue(Side.HEADER).orElseThrow();
    }
}
