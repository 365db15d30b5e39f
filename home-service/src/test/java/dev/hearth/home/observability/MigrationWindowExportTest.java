package dev.hearth.home.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hearth.home.FakeClock;
import dev.hearth.home.migration.FleetFigures;
import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The fleet window's gauges: a bounded section label set, and one database read per refresh whatever the scrapes. */
class MigrationWindowExportTest {
    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    final FakeClock clock = new FakeClock(T0);
    final AtomicInteger reads = new AtomicInteger();
    /** The store's window: 200 compared, 30 mismatched in accounts, 10 in each of 3 ids no screen has. */
    final MigrationFiguresPort store = new MigrationFiguresPort() {
        @Override
        public void add(MigrationTally tally) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MigrationFigures between(Instant since, Instant until) {
            reads.incrementAndGet();
            return new MigrationFigures(since, until, 2, 90, 10, 200, 60, Map.of("accounts", 30L, "x1", 10L, "x2",
                    10L, "x3", 10L), LatencyHistogram.empty().with(Duration.ofMillis(300)));
        }

        @Override
        public int expire(Instant cutoff, int batch) {
            return 0;
        }
    };

    Map<String, Double> gauge(HearthMetrics prometheus, String name) {
        Map<String, Double> values = new TreeMap<>();
        for (MetricSnapshot snapshot : prometheus.registry().scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name)) {
                for (GaugeSnapshot.GaugeDataPointSnapshot point : ((GaugeSnapshot) snapshot).getDataPoints()) {
                    values.put(point.getLabels().size() == 0 ? "" : point.getLabels().getValue(0), point.getValue());
                }
            }
        }
        return values;
    }

    @Test
    void sectionsOfNoLoadedScreenAreSummedUnderOtherAndScrapesShareOneReadPerRefresh() {
        HearthMetrics prometheus = new HearthMetrics();
        MigrationExport.registerWindow(prometheus, new FleetFigures(store, clock, Duration.ofMinutes(5)),
                () -> Set.of("profile", "accounts"));

        Map<String, Double> sections = gauge(prometheus, "hearth_migration_section_mismatch_rate");

        assertThat(sections.keySet()).containsExactly("accounts", "other", "profile");
        assertThat(sections.get("accounts")).isCloseTo(0.15, within(1e-9));
        assertThat(sections.get("profile")).isZero();
        assertThat(sections.get("other")).isCloseTo(0.15, within(1e-9));
        assertThat(gauge(prometheus, "hearth_migration_window_fallback_rate").get("")).isCloseTo(0.1, within(1e-9));
        assertThat(gauge(prometheus, "hearth_migration_window_mismatch_rate").get("")).isCloseTo(0.3, within(1e-9));
        assertThat(gauge(prometheus, "hearth_migration_window_hearth_p99_seconds").get("")).isCloseTo(0.32,
                within(1e-9));
        for (int scrape = 0; scrape < 10; scrape++) {
            prometheus.registry().scrape();
        }
        assertThat(reads).as("one read for all the scrapes and labels within the refresh").hasValue(1);

        clock.advance(FleetFigures.REFRESH);
        prometheus.registry().scrape();
        assertThat(reads).hasValue(2);
    }
}
