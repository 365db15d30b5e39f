package dev.hearth.home.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for the requests the JDK's HttpClient refuses to send (a 100 KB header, {@code %18} or
 * {@code ..%2F} in a path, {@code TRACE}, a malformed {@code Accept}): the request goes out byte for byte as written,
 * with {@code Connection: close}, and the whole answer is read.
 *
 * <pre>{@code
 * RawHttp.Answer answer = RawHttp.send(APP.api(), "TRACE", "/v1/home", Map.of());
 * }</pre>
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /** An answer: status, headers (names case-insensitive, every value), the body as text (chunks joined). */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        /** The header's only value; fails when it has none or several. */
        public String header(String name) {
            List<String> values = headers.getOrDefault(name, List.of());
            if (values.size() != 1) {
                throw new AssertionError(name + ": expected one value, got " + values + " in " + this);
            }
            return values.getFirst();
        }

        public List<String> headerValues(String name) {
            return headers.getOrDefault(name, List.of());
        }

        public JsonNode json() {
            return Http.json(body);
        }
    }

    /** {@code method target HTTP/1.1} to {@code base}, with a Host, the given headers and Connection: close. */
    public static Answer send(URI base, String method, String target, Map<String, String> headers) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        new LinkedHashMap<>(headers).forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Connection: close\r\n\r\n");
        return sendRaw(base, request.toString());
    }

    /** Exactly {@code request} (ISO-8859-1 bytes) to {@code base}; the answer read to the connection's end. */
    public static Answer sendRaw(URI base, String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException answeredAlready) {
                // the server may answer (431, 414) and close before it has read all of a huge request
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String raw = text.substring(end + 4);
        boolean chunked = headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked");
        String body = new String((chunked ? dechunk(raw) : raw).getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
        return new Answer(status, headers, body);
    }

    private static String dechunk(String raw) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(raw, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
