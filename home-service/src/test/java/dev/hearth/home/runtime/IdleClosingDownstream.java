package dev.hearth.home.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A downstream as many real ones are: HTTP/1.1 on a raw socket, every answer keeps the connection alive (no
 * {@code Connection: close}, no {@code Keep-Alive} header), and a connection idle for {@code idleTimeout} is closed
 * silently. Answers {@code {"ok":true}} to any request.
 */
final class IdleClosingDownstream implements AutoCloseable {
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + BODY.length + "\r\n\r\n{\"ok\":true}").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int idleMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedIdle = new AtomicInteger();

    IdleClosingDownstream(Duration idleTimeout) throws IOException {
        this.idleMillis = (int) idleTimeout.toMillis();
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("idle-closing-accept").start(this::accept);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean first = true;
            while (true) {
                // The first request comes at once; between requests, the connection may idle only idleMillis.
                socket.setSoTimeout(first ? 5_000 : idleMillis);
                if (!readRequestHead(in)) {
                    return; // the client closed it
                }
                first = false;
                requests.incrementAndGet();
                out.write(ANSWER);
                out.flush();
            }
        } catch (SocketTimeoutException idle) {
            closedIdle.incrementAndGet(); // closed silently, as try-with-resources does now
        } catch (IOException e) {
            // reset by the client
        } finally {
            open.remove(socket);
        }
    }

    /** Reads up to the blank line ending a request head (GET, no body); false at the end of the stream. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        boolean any = false;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (any) {
                    throw new IOException("request head cut short");
                }
                return false;
            }
            any = true;
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
