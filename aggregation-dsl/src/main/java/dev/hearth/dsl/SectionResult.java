package dev.hearth.dsl;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one section came out: a status, why it is degraded, its data and what of it is degraded. Immutable and
 * thread-safe (the data is whatever the ports returned; ports should return immutable values).
 */
public final class SectionResult {
    private final String id;
    private final SectionStatus status;
    private final Reason reason;
    private final Object data;
    private final Instant asOf;
    private final List<Degradation> degraded;
    private final ItemCount items;

    private SectionResult(String id, SectionStatus status, Reason reason, Object data, Instant asOf,
            List<Degradation> degraded) {
        this(id, status, reason, data, asOf, degraded, null);
    }

    private SectionResult(String id, SectionStatus status, Reason reason, Object data, Instant asOf,
            List<Degradation> degraded, ItemCount items) {
        this.id = Objects.requireNonNull(id, "id");
        this.status = status;
        this.reason = reason;
        this.data = data;
        this.asOf = asOf;
        this.degraded = List.copyOf(degraded);
        this.items = items;
    }

    public static SectionResult ok(String id, Object data) {
        return new SectionResult(id, SectionStatus.OK, null, Objects.requireNonNull(data, "data"), null, List.of());
    }

    /** Good data that was fetched at {@code asOf}, within the section's freshness, and shown without a call. */
    public static SectionResult ok(String id, Object data, Instant asOf) {
        return new SectionResult(id, SectionStatus.OK, null, Objects.requireNonNull(data, "data"),
                Objects.requireNonNull(asOf, "asOf"), List.of());
    }

    /** Some items or fields are degraded, listed in {@code degraded} (at least one). */
    public static SectionResult partial(String id, Object data, List<Degradation> degraded) {
        return partial(id, data, degraded, null);
    }

    /**
     * As {@link #partial(String, Object, List)}, for data fetched at {@code asOf} (within the section's freshness);
     * {@code asOf} may be null for live data.
     */
    public static SectionResult partial(String id, Object data, List<Degradation> degraded, Instant asOf) {
        return partial(id, data, degraded, asOf, (ItemCount) null);
    }

    /**
     * A fan-out section ({@code from: { each: ... }}) some of whose items or their fields degraded: as
     * {@link #partial(String, Object, List, Instant)}, saying how many items it asked for and returned. The degraded
     * paths of items not returned name them by their position among the items asked for. {@code items} may be null
     * (then the same as the four-argument form).
     */
    public static SectionResult partial(String id, Object data, List<Degradation> degraded, Instant asOf,
            ItemCount items) {
        Objects.requireNonNull(degraded, "degraded");
        if (degraded.isEmpty()) {
            throw new IllegalArgumentException("a PARTIAL section needs at least one degradation; use ok() otherwise");
        }
        return new SectionResult(id, SectionStatus.PARTIAL, null, Objects.requireNonNull(data, "data"), asOf, degraded,
                items);
    }

    /** The port failed for {@code reason}; {@code data} (may be null) is the declared fallback. */
    public static SectionResult fallback(String id, Object data, Reason reason) {
        return new SectionResult(id, SectionStatus.FALLBACK, Objects.requireNonNull(reason, "reason"), data, null, List.of());
    }

    public static SectionResult omitted(String id, Reason reason) {
        return new SectionResult(id, SectionStatus.OMITTED, Objects.requireNonNull(reason, "reason"), null, null, List.of());
    }

    public static SectionResult failed(String id, Reason reason) {
        return new SectionResult(id, SectionStatus.FAILED, Objects.requireNonNull(reason, "reason"), null, null, List.of());
    }

    /** The port failed for {@code reason}; {@code data} is the last good value, as of {@code asOf}. */
    public static SectionResult stale(String id, Object data, Instant asOf, Reason reason) {
        return stale(id, data, asOf, reason, List.of());
    }

    /** As {@link #stale(String, Object, Instant, Reason)}, with the fields that are degraded besides. */
    public static SectionResult stale(String id, Object data, Instant asOf, Reason reason, List<Degradation> degraded) {
        return new SectionResult(id, SectionStatus.STALE, Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(data, "data"), Objects.requireNonNull(asOf, "asOf"),
                Objects.requireNonNull(degraded, "degraded"));
    }

    public String id() {
        return id;
    }

    public SectionStatus status() {
        return status;
    }

    public Optional<Reason> reason() {
        return Optional.ofNullable(reason);
    }

    /** The data to show; null when OMITTED or FAILED (and when the fallback value is null). */
    public Object data() {
        return data;
    }

    /** When the data was fetched, if it was not fetched by this request: always for STALE, for OK or PARTIAL within freshness. */
    public Optional<Instant> asOf() {
        return Optional.ofNullable(asOf);
    }

    public List<Degradation> degraded() {
        return degraded;
    }

    /** For a PARTIAL fan-out section: how many items it asked for and how many it returned. */
    public Optional<ItemCount> items() {
        return Optional.ofNullable(items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SectionResult r && id.equals(r.id) && status == r.status && reason == r.reason
                && Objects.equals(data, r.data) && Objects.equals(asOf, r.asOf) && degraded.equals(r.degraded)
                && Objects.equals(items, r.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, reason, data, asOf, degraded, items);
    }

    @Override
    public String toString() {
        return "SectionResult[" + id + " " + status + (reason == null ? "" : " " + reason)
                + (asOf == null ? "" : " asOf=" + asOf) + (items == null ? "" : " items=" + items.returned() + "/" + items.asked())
                + (degraded.isEmpty() ? "" : " degraded=" + degraded) + " data=" + data + "]";
    }
}
