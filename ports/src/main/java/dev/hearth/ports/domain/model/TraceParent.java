package dev.hearth.ports.domain.model;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent}: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. Hearth's span
 * for a request continues the caller's trace (a {@link #child()} of what it sent) or starts one ({@link #newTrace()}),
 * and each downstream call is a child of Hearth's span. Ids need to be unique, not secret: {@link ThreadLocalRandom},
 * as OpenTelemetry's default id generator uses (a {@code SecureRandom} per downstream call cost 2 % of Hearth's CPU).
 */
public record TraceParent(String traceId, String spanId, String flags) {
    public static final String HEADER = "traceparent";
    /** version-traceid-parentid-flags; versions after 00 may append fields, which are not read. */
    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

    public TraceParent {
        requireId(traceId, 32, "traceId");
        requireId(spanId, 16, "spanId");
        requireHex(flags, 2, "flags");
    }

    /**
     * The caller's traceparent, if {@code header} is valid as W3C Trace Context defines it. Anything else is empty: a
     * malformed header is ignored, never refused (tracing must not fail a request).
     */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(header.trim());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || allZeros(m.group(2)) || allZeros(m.group(3))) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(2), m.group(3), m.group(4)));
    }

    /** A new trace, sampled: a random trace id and span id. */
    public static TraceParent newTrace() {
        return new TraceParent(randomId() + randomId(), randomId(), "01");
    }

    /** A span of this trace whose parent is this one: same trace id and flags, a new span id. */
    public TraceParent child() {
        return new TraceParent(traceId, randomId(), flags);
    }

    /** As the {@value #HEADER} header carries it (version 00). */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** 16 hex digits, never all zeros (so neither is a trace id made of two). Once per downstream call: no streams. */
    private static String randomId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return HexFormat.of().toHexDigits(id);
    }

    private static void requireId(String value, int length, String name) {
        requireHex(value, length, name);
        if (allZeros(value)) {
            throw new IllegalArgumentException(name + " must not be all zeros (W3C Trace Context: an invalid id)");
        }
    }

    private static void requireHex(String value, int length, String name) {
        Objects.requireNonNull(value, name);
        boolean hex = value.length() == length;
        for (int i = 0; hex && i < length; i++) {
            char c = value.charAt(i);
            hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!hex) {
            throw new IllegalArgumentException(name + " must be " + length + " lowercase hex digits, not '" + value + "'");
        }
    }

    private static boolean allZeros(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
