package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.application.ScreenQuery;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.migration.compare.ComparisonRules;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.LegacyHome;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HomeMigrationTest {
    static final LegacyHome LEGACY_HOME = new LegacyHome("{\"screen\":\"home\",\"from\":\"legacy\"}");

    final MetricRegistry metrics = new MetricRegistry();
    /** Sampling off: these tests are about serving. Its mismatch store is never reached. */
    final ShadowComparison shadow = new ShadowComparison(() -> 0.0, new ShadowBudget(1, 1, Clock.systemUTC()),
            new ResponseComparator(ComparisonRules.homeDefaults()),
            new MismatchStore(Jdbi.create("jdbc:h2:mem:never-opened"), Clock.systemUTC(), 1), metrics);

    @AfterEach
    void close() {
        shadow.close();
    }

    HomeMigration servedByHearth(ScreenService screens) {
        ObjectMapper mapper = new ObjectMapper();
        return new HomeMigration(customer -> Side.HEARTH, screens, context -> LEGACY_HOME, Duration.ofSeconds(5),
                shadow, result -> mapper.createObjectNode(), mapper, metrics);
    }

    static ScreenQuery home(String requestId) {
        return new ScreenQuery("home", new CustomerId("alice"), requestId, "token", Map.of(), Optional.empty());
    }

    @Test
    void anUnexpectedErrorWhileHearthBuildsTheScreenIsAnsweredByLegacyCountedAndLoggedWithItsReason() {
        ScreenService failing = new ScreenService(() -> {
            throw new IllegalStateException("the catalog is gone");
        });
        HomeMigration migration = servedByHearth(failing);

        HomeMigration.Answer answer;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            answer = migration.serve(home("req-1"));

            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(HomeMigration.class.getName()))
                    .singleElement().satisfies(line -> {
                        assertThat(line.level()).isEqualTo("WARN");
                        assertThat(line.text()).startsWith("Home of request req-1 answered by legacy "
                                + "(unexpected-error): Hearth failed: java.lang.IllegalStateException: the catalog is "
                                + "gone").contains("\tat "); // with its stack trace
                    });
        }

        assertThat(answer.side()).isEqualTo(Side.LEGACY_FALLBACK);
        assertThat(answer.legacy()).contains(LEGACY_HOME);
        assertThat(answer.screen()).isEmpty();
        assertThat(metrics.counter(MigrationMetrics.fallback("unexpected-error")).getCount()).isEqualTo(1);
        assertThat(metrics.counter(MigrationMetrics.fallback("required-section-failed")).getCount()).isZero();
        assertThat(metrics.counter(MigrationMetrics.served(Side.LEGACY_FALLBACK)).getCount()).isEqualTo(1);
        assertThat(metrics.counter(MigrationMetrics.served(Side.HEARTH)).getCount()).isZero();
    }
}
