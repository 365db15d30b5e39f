package dev.hearth.adapters.out.persistence.figures;

import dev.hearth.ports.domain.model.LatencyHistogram;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The fleet's migration figures in {@code migration_tally} (migration V6): one row per instance per interval. The
 * window's sums are computed by the database (one aggregate query); only the latency histograms and per-section counts
 * are summed here, from the window's rows that have any: a 5 min window of 10 instances flushing every second is at
 * most 3,000 short rows, folded one by one as they are read (never collected in a list; the driver may still fetch
 * them in one go, a few hundred KB). The two queries are not one snapshot: a row added between them may count in
 * the sums but not in the histogram, which is a second's worth of one instance and does not matter to a gate.
 */
public final class MigrationFiguresJdbiAdapter implements MigrationFiguresPort {
    private static final int STATEMENT_TIMEOUT_SECONDS = 5;
    /** The most sections one row holds (the column's size); MigrationTallies folds more into one. */
    public static final int MAX_SECTIONS = 64;
    /** The longest instance name stored. */
    public static final int MAX_INSTANCE = 200;
    private static final int MAX_SECTION_ID = 60;

    private final Jdbi jdbi;

    public MigrationFiguresJdbiAdapter(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    @Override
    public void add(MigrationTally tally) {
        Objects.requireNonNull(tally, "tally");
        if (tally.mismatchedBySection().size() > MAX_SECTIONS) {
            throw new IllegalArgumentException("a tally stores at most " + MAX_SECTIONS + " sections, not "
                    + tally.mismatchedBySection().size() + ": fold the rest into one (e.g. 'other')");
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO migration_tally (instance, from_at, to_at, hearth_served, fallbacks, compared,
                            mismatched, hearth_latency, mismatched_by_section)
                        VALUES (:instance, :from, :to, :served, :fallbacks, :compared, :mismatched, :latency,
                            :sections)""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("instance", cut(tally.instance(), MAX_INSTANCE))
                .bind("from", tally.from().atOffset(ZoneOffset.UTC))
                .bind("to", tally.to().atOffset(ZoneOffset.UTC))
                .bind("served", tally.hearthServed())
                .bind("fallbacks", tally.fallbacks())
                .bind("compared", tally.compared())
                .bind("mismatched", tally.mismatched())
                .bind("latency", latency(tally.hearthLatency()))
                .bind("sections", sections(tally.mismatchedBySection()))
                .execute());
    }

    @Override
    public MigrationFigures between(Instant since, Instant until) {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("a window ends after it starts: " + since + " to " + until);
        }
        return jdbi.withHandle(handle -> {
            Sums sums = handle.createQuery("""
                            SELECT COUNT(DISTINCT instance) AS instances,
                                   COALESCE(SUM(hearth_served), 0) AS served, COALESCE(SUM(fallbacks), 0) AS fallbacks,
                                   COALESCE(SUM(compared), 0) AS compared, COALESCE(SUM(mismatched), 0) AS mismatched
                            FROM migration_tally WHERE to_at > :since AND to_at <= :until""")
                    .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                    .bind("since", since.atOffset(ZoneOffset.UTC))
                    .bind("until", until.atOffset(ZoneOffset.UTC))
                    .map((rs, ctx) -> new Sums(rs.getInt("instances"), rs.getLong("served"), rs.getLong("fallbacks"),
                            rs.getLong("compared"), rs.getLong("mismatched")))
                    .one();
            long[] buckets = new long[LatencyHistogram.BOUNDS_MS.size() + 1];
            Map<String, Long> bySection = new TreeMap<>();
            if (sums.served() > 0 || sums.mismatched() > 0) {
                handle.createQuery("""
                                SELECT hearth_latency, mismatched_by_section FROM migration_tally
                                WHERE to_at > :since AND to_at <= :until AND (hearth_served > 0 OR mismatched > 0)""")
                        .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                        .setFetchSize(500)
                        .bind("since", since.atOffset(ZoneOffset.UTC))
                        .bind("until", until.atOffset(ZoneOffset.UTC))
                        .map((rs, ctx) -> new Row(rs.getString("hearth_latency"),
                                rs.getString("mismatched_by_section")))
                        .forEach(row -> {
                            addLatency(buckets, row.latency());
                            addSections(bySection, row.sections());
                        });
            }
            List<Long> counts = new ArrayList<>(buckets.length);
            for (long count : buckets) {
                counts.add(count);
            }
            return new MigrationFigures(since, until, sums.instances(), sums.served(), sums.fallbacks(),
                    sums.compared(), sums.mismatched(), bySection, new LatencyHistogram(counts));
        });
    }

    /**
     * One bounded batch: deletes up to {@code batch} of the oldest tallies that ended before {@code cutoff} (index of
     * V6). Instances running it at once may pick the same rows; each is deleted once, and the other delete counts
     * nothing for it.
     */
    @Override
    public int expire(Instant cutoff, int batch) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, not " + batch);
        }
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        DELETE FROM migration_tally
                        WHERE id IN (SELECT id FROM migration_tally WHERE to_at < :cutoff
                                     ORDER BY to_at, id LIMIT :batch)""")
                .setQueryTimeout(STATEMENT_TIMEOUT_SECONDS)
                .bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .bind("batch", batch)
                .execute());
    }

    private record Row(String latency, String sections) {
    }

    private record Sums(int instances, long served, long fallbacks, long compared, long mismatched) {
    }

    static String latency(LatencyHistogram histogram) {
        if (histogram.total() == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Long count : histogram.counts()) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(count);
        }
        return text.toString();
    }

    static void addLatency(long[] buckets, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String[] counts = text.split(",");
        if (counts.length != buckets.length) {
            throw new IllegalStateException("migration_tally.hearth_latency holds " + counts.length
                    + " buckets, this build " + buckets.length + ": written by a build with other buckets");
        }
        for (int i = 0; i < counts.length; i++) {
            buckets[i] += Long.parseLong(counts[i]);
        }
    }

    static String sections(Map<String, Long> bySection) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> entry : new TreeMap<>(bySection).entrySet()) {
            if (entry.getValue() == 0) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(URLEncoder.encode(cut(entry.getKey(), MAX_SECTION_ID), StandardCharsets.UTF_8)).append('=')
                    .append(entry.getValue());
        }
        return text.toString();
    }

    static void addSections(Map<String, Long> bySection, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String pair : text.split(",")) {
            int equals = pair.lastIndexOf('=');
            bySection.merge(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    Long.parseLong(pair.substring(equals + 1)), Long::sum);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

}
