package dev.hearth.bench;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty's asynchronous HTTP client as the harness uses it: one selector and at most 16 daemon threads. */
public final class JettyClients {

    /**
     * A client not yet started, its threads named {@code threads}, with up to {@code connections} connections and
     * {@code queued} waiting requests per host and port, following no redirect.
     */
    public static HttpClient create(String threads, int connections, int queued) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(threads);
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setExecutor(pool);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(connections);
        client.setMaxRequestsQueuedPerDestination(queued);
        client.setFollowRedirects(false);
        return client;
    }

    private JettyClients() {
    }
}
