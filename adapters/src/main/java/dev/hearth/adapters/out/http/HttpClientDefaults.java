package dev.hearth.adapters.out.http;

import io.dropwizard.client.HttpClientConfiguration;
import io.dropwizard.util.Duration;

/** What a downstream's HTTP client starts from: config.yml's {@code downstreams.<name>.client} overrides single keys. */
public final class HttpClientDefaults {
    /**
     * Bytes of each pooled connection's input and output buffers (HttpCore's default is 8 KiB each): a body bypasses
     * them, and a stall's hundreds of pooled connections cost young pauses less
     * (docs/adr/005-small-connection-buffers.md).
     */
    public static final int BUFFER_SIZE = 2048;

    private HttpClientDefaults() {
    }

    /**
     * Defaults for a home aggregator:
     * <ul>
     *   <li>connections are reused (Dropwizard's default keepAlive of 0 would open one per call);</li>
     *   <li>the client never retries (it would re-send after the engine interrupted a call at its deadline);</li>
     *   <li>a pooled connection is checked for staleness only after 2 s idle: Dropwizard's 0 checks before every call,
     *       a read that blocks 1 ms for nothing (docs/adr/006-connection-pool-defaults.md);</li>
     *   <li>Dropwizard's pool of 1,024 connections, 1,024 per route: a downstream is one route, so the per-route limit
     *       is the most its calls can hold (docs/adr/006-connection-pool-defaults.md).</li>
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
