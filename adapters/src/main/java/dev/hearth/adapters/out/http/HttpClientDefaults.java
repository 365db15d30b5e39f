package dev.hearth.adapters.out.http;

import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.util.Duration;

/** What a downstream's HTTP client starts from: config.yml's {@code downstreams.<name>.client} overrides single keys. */
public final class HttpClientDefaults {
    /**
     * Bytes of each pooled connection's input buffer and of its output buffer; HttpCore's default is 8 KiB each.
     * HttpCore reads a body straight into the reader's own buffer whenever the reader asks for more than 512 bytes
     * (Jackson asks for 8,000 at a time), so the connection's buffer holds little more than the status line and the
     * headers, and a small one costs no extra reads. A connection keeps its buffers for as long as it is pooled, and
     * when a stall piles up calls the pools grow by hundreds of connections, which the next young GC pause copies: at
     * 2 KiB a pooled connection holds about 18 KiB of heap instead of 36 (docs/PERFORMANCE.md, "Young pauses").
     */
    public static final int BUFFER_SIZE = 2048;

    private HttpClientDefaults() {
    }

    /**
     * Defaults for a home aggregator:
     * <ul>
     *   <li>connections are reused (Dropwizard's default keepAlive of 0 would open one per call);</li>
     *   <li>the client never retries (it would re-send after the engine interrupted a call at its deadline);</li>
     *   <li>a pooled connection is checked for staleness only after 2 s idle. Dropwizard's default of 0 checks before
     *       every call, a blocking read that waits 1 ms for nothing and throws a {@code SocketTimeoutException}. On a
     *       home of 16 calls it cost 1.9-2.3 ms of CPU per home at saturation against 1.4-1.7 ms without, and a
     *       millisecond on every link of the critical path (docs/PERFORMANCE.md);</li>
     *   <li>Dropwizard's pool of 1,024 connections, 1,024 per route. A downstream is one base URL, so one route, and
     *       the per-route limit is what its calls can hold: when Hearth set it to 256, customers with 100 cards opening
     *       the app at 50 a second had up to 153 card calls at a time waiting for a connection.</li>
     * </ul>
     * A new instance each time: the caller may change it.
     */
    public static HttpClientConfiguration forDownstreams() {
        HttpClientConfiguration client = new HttpClientConfiguration();
        client.setTimeout(Duration.seconds(5));
        client.setConnectionTimeout(Duration.milliseconds(500));
        client.setConnectionRequestTimeout(Duration.seconds(1));
        client.setKeepAlive(Duration.seconds(30));
        client.setValidateAfterInactivityPeriod(Duration.seconds(2));
        client.setRetries(0);
        return client;
    }
}
