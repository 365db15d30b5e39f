package dev.hearth.home.migration;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.migration.compare.Comparison;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Shadow comparison: for a sampled share of home requests, the side that did not serve the customer is computed too,
 * after the response and off the request path, and the two are compared field by field. The legacy home is asked
 * twice, so fields that differ between two legacy answers for one request (a balance that moved) are known to be
 * volatile and are not mismatches. Mismatches are counted (also per section, for the fleet: {@link MigrationTallies}),
 * logged and stored ({@link MismatchStorePort}).
 *
 * <p>Noise detection is only as good as the order of the reads. When legacy served, the order is legacy (served),
 * Hearth, legacy again: Hearth's read lies between the two legacy reads, so a value that moved before Hearth read it
 * also differs between them and is volatile. When Hearth served, the order is Hearth (served), legacy, legacy again:
 * a value that moved after Hearth's read and before the first legacy read, but not between the two legacy reads, is
 * reported as a mismatch although it is noise. Such false mismatches are rare, on moving values (balances) only, and
 * only in samples served by {@code hearth}; the window is the time from Hearth's read to the sample's first legacy
 * call. Reading Hearth again after legacy would close it, at the cost of a second Hearth screen per sample.
 *
 * <p>The customer never waits for it: {@link #offer} only takes a budget slot (without waiting) and hands the work to
 * a virtual thread. Over {@link ShadowBudget budget}, the sample is dropped and counted.
 */
public final class ShadowComparison implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowComparison.class);

    /** The work of one sample: the two sides' JSON, computed when the sample runs. */
    public interface Sample {
        /** Hearth's response: the one served, or computed now when legacy served. Called first. */
        JsonNode hearth() throws Exception;

        /** The legacy home: the one served, or asked now when Hearth served. Called second. */
        JsonNode legacy() throws Exception;

        /** A second legacy answer for the same request, asked last, for noise detection. */
        JsonNode legacyAgain() throws Exception;
    }

    private final DoubleSupplier rate;
    private final ShadowBudget budget;
    private final ResponseComparator comparator;
    private final MismatchStorePort mismatches;
    private final MetricRegistry metrics;
    private final MigrationTallies tallies;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("shadow-", 0).factory());

    public ShadowComparison(DoubleSupplier rate, ShadowBudget budget, ResponseComparator comparator,
            MismatchStorePort mismatches, MetricRegistry metrics, MigrationTallies tallies) {
        this.tallies = Objects.requireNonNull(tallies, "tallies");
        this.rate = Objects.requireNonNull(rate, "rate");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.comparator = Objects.requireNonNull(comparator, "comparator");
        this.mismatches = Objects.requireNonNull(mismatches, "mismatches");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.gauge(MigrationMetrics.SHADOW_IN_FLIGHT, () -> budget::inFlight);
    }

    /** Whether this request is in the sample (the rate is read afresh each time: it changes at run time). */
    public boolean sampled() {
        double share = rate.getAsDouble();
        return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
    }

    /** Runs the sample later if the budget allows; returns at once either way. */
    public void offer(String requestId, Side servedBy, Sample sample) {
        metrics.counter(MigrationMetrics.SHADOW_SAMPLED).inc();
        Optional<ShadowBudget.Refusal> refused = budget.tryAcquire();
        if (refused.isPresent()) {
            metrics.counter(MigrationMetrics.shadowDropped(refused.get().label())).inc();
            return;
        }
        var mdc = MDC.getCopyOfContextMap();
        try {
            executor.execute(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    run(requestId, servedBy, sample);
                } finally {
                    budget.release();
                    MDC.clear();
                }
            });
        } catch (RejectedExecutionException closing) {
            budget.release();
            metrics.counter(MigrationMetrics.shadowDropped("closing")).inc();
        }
    }

    private void run(String requestId, Side servedBy, Sample sample) {
        Comparison comparison;
        try {
            comparison = comparator.compare(sample.hearth(), sample.legacy(), Optional.of(sample.legacyAgain()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            metrics.counter(MigrationMetrics.SHADOW_FAILED).inc();
            LOG.info("Shadow comparison of {} skipped: a side could not be computed: {}", requestId, e.toString());
            return;
        }
        metrics.counter(MigrationMetrics.SHADOW_COMPARED).inc();
        tallies.compared(comparison.mismatches());
        metrics.counter(MigrationMetrics.SHADOW_VOLATILE).inc(comparison.volatilePaths().size());
        if (comparison.mismatches().isEmpty()) {
            return;
        }
        metrics.counter(MigrationMetrics.SHADOW_MISMATCHED).inc();
        metrics.counter(MigrationMetrics.SHADOW_MISMATCHES).inc(comparison.mismatches().size());
        // paths only: the values are customer data, kept in the database for the admin port, not in logs
        LOG.warn("Shadow comparison found {} mismatch(es) (served by {}) at {}", comparison.mismatches().size(),
                servedBy.label(), comparison.mismatches().stream().map(Difference::path).limit(20).toList());
        try {
            mismatches.record(requestId, servedBy, comparison.mismatches());
        } catch (RuntimeException e) {
            metrics.counter(MigrationMetrics.SHADOW_STORE_FAILURES).inc();
            LOG.warn("Could not store the shadow mismatches of {}", requestId, e);
        }
    }

    /** Stops taking samples and waits up to 5 s for the running ones. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
