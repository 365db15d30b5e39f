package dev.hearth.adapters.out.http;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context ({@code traceparent: 00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>}): each downstream
 * call is a child span of the request's, with the same trace id and flags and a span id of its own.
 */
final class TraceParent {
    static final String HEADER = "traceparent";
    private static final Pattern VERSION_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final Pattern ALL_ZEROS = Pattern.compile("0+");

    private TraceParent() {
    }

    /**
     * A child of {@code parent}: same trace id and flags, a new span id. Empty when {@code parent} is not a valid
     * version-00 traceparent (then nothing is forwarded rather than something broken).
     */
    static Optional<String> childOf(String parent) {
        var m = VERSION_00.matcher(parent);
        if (!m.matches() || ALL_ZEROS.matcher(m.group(1)).matches() || ALL_ZEROS.matcher(m.group(2)).matches()) {
            return Optional.empty();
        }
        return Optional.of("00-" + m.group(1) + "-" + spanId() + "-" + m.group(3));
    }

    /**
     * Span ids need to be unique, not secret: {@link ThreadLocalRandom}, as OpenTelemetry's default id generator uses.
     * A {@code SecureRandom} here (one read of /dev/urandom under a lock per downstream call) cost 2 % of Hearth's CPU.
     */
    private static String spanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return HexFormat.of().toHexDigits(id);
    }
}
