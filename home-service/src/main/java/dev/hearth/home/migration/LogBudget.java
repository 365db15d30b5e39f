package dev.hearth.home.migration;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one log line per key and interval, so an outage that sends thousands of homes to legacy a second does not
 * write thousands of lines (docs/adr/010-overload-fallback-to-legacy.md). The line that is let through says how many
 * were left out since the last one; the metrics still count every one. Thread-safe. Also the late requests'
 * lines (docs/adr/031-answer-on-time.md).
 */
public final class LogBudget {
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final AtomicLong nextAt;
        final AtomicLong skipped = new AtomicLong();

        Slot(long now) {
            this.nextAt = new AtomicLong(now);
        }
    }

    public LogBudget(LongSupplier nanoTime, Duration interval) {
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Whether a line for {@code key} may be written now: empty if not (it is counted as left out), else how many lines
     * were left out since the last one written (0 or more).
     */
    public OptionalLong take(String key) {
        long now = nanoTime.getAsLong();
        Slot slot = slots.computeIfAbsent(key, k -> new Slot(now));
        long next = slot.nextAt.get();
        if (now - next >= 0 && slot.nextAt.compareAndSet(next, now + intervalNanos)) {
            return OptionalLong.of(slot.skipped.getAndSet(0));
        }
        slot.skipped.incrementAndGet();
        return OptionalLong.empty();
    }
}
