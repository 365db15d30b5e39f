package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.wiring.TracingModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hearth exports over OTLP ({@code http/protobuf}) to a real receiver: a JDK HTTP server in the test answering
 * {@code POST /v1/traces}, whose protobuf bodies are read field by field (trace id, span id, parent, name).
 */
class OtlpExportIT {
    private static final List<String> CONTENT_TYPES = new CopyOnWriteArrayList<>();
    private static final List<ExportedSpan> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER = receiver();

    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name) {
    }

    /** Hearth told by a property where the OTLP endpoint is, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} would. */
    public static final class ToReceiver extends HomeApplication {
        public ToReceiver() {
            super(List.of(binder -> {
                MapBinder<String, String> otel = MapBinder.newMapBinder(binder, String.class, String.class,
                        Names.named(TracingModule.PROPERTIES));
                otel.addBinding("otel.exporter.otlp.endpoint")
                        .toInstance("http://127.0.0.1:" + RECEIVER.getAddress().getPort());
                otel.addBinding("otel.bsp.schedule.delay").toInstance("50");
            }));
        }
    }

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().application(ToReceiver.class);

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Test
    void aHomeIsExportedAsOneTraceWhoseIdTheResponseAndTheLogLinesName() {
        APP.sandboxFault("balance", "errorRate", "1"); // so that port-call threads log a line
        HttpResponse<String> response;
        List<CapturedLogs.Line> lines;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            response = APP.get("/v1/home", "alice", Map.of());
            lines = logs.lines();
        } finally {
            APP.sandboxReset();
        }
        assertThat(response.statusCode()).isEqualTo(200);
        String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();
        List<CapturedLogs.Line> fromCalls = lines.stream().filter(l -> l.thread().startsWith("hearth-call-")).toList();
        assertThat(fromCalls).as("lines logged on port-call threads: %s", lines).isNotEmpty()
                .allSatisfy(line -> assertThat(line.mdc()).containsEntry("traceId", traceId));

        List<ExportedSpan> trace = awaitTrace(traceId, "GET /v1/home");
        ExportedSpan server = trace.stream().filter(s -> s.name().equals("GET /v1/home")).findFirst().orElseThrow();
        assertThat(server.parentSpanId()).as("a new trace: the root").isEmpty();
        assertThat(trace).extracting(ExportedSpan::name).contains("section profile", "profile", "nickname");
        assertThat(trace).filteredOn(s -> !s.equals(server))
                .allSatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(server.spanId()));
        assertThat(CONTENT_TYPES).allSatisfy(type -> assertThat(type).isEqualTo("application/x-protobuf"));
    }

    private static List<ExportedSpan> awaitTrace(String traceId, String root) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - until < 0) {
            List<ExportedSpan> trace = RECEIVED.stream().filter(s -> s.traceId().equals(traceId)).toList();
            if (trace.stream().anyMatch(s -> s.name().equals(root)) && trace.size() > 5) {
                return trace;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no exported trace " + traceId + " with a span '" + root + "': " + RECEIVED);
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/traces", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                CONTENT_TYPES.add(exchange.getRequestHeaders().getFirst("Content-Type"));
                if (exchange.getRequestMethod().equals("POST")) {
                    RECEIVED.addAll(spans(body));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0); // an empty ExportTraceServiceResponse
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ExportTraceServiceRequest: resource_spans = 1 { scope_spans = 2 { spans = 2 { trace_id 1, span_id 2, parent 4, name 5 } } }. */
    static List<ExportedSpan> spans(byte[] request) {
        List<ExportedSpan> spans = new ArrayList<>();
        for (ByteBuffer resourceSpans : fields(ByteBuffer.wrap(request), 1)) {
            for (ByteBuffer scopeSpans : fields(resourceSpans, 2)) {
                for (ByteBuffer span : fields(scopeSpans, 2)) {
                    spans.add(new ExportedSpan(hex(first(span, 1)), hex(first(span, 2)), hex(first(span, 4)),
                            StandardCharsets.UTF_8.decode(first(span, 5)).toString()));
                }
            }
        }
        return spans;
    }

    private static ByteBuffer first(ByteBuffer message, int field) {
        List<ByteBuffer> found = fields(message, field);
        return found.isEmpty() ? ByteBuffer.allocate(0) : found.getFirst();
    }

    /** The length-delimited fields numbered {@code field}; every other field skipped by its wire type. */
    private static List<ByteBuffer> fields(ByteBuffer message, int field) {
        ByteBuffer in = message.duplicate();
        List<ByteBuffer> found = new ArrayList<>();
        while (in.hasRemaining()) {
            long tag = varint(in);
            int type = (int) (tag & 7);
            switch (type) {
                case 0 -> varint(in);
                case 1 -> in.position(in.position() + 8);
                case 5 -> in.position(in.position() + 4);
                case 2 -> {
                    int length = (int) varint(in);
                    ByteBuffer value = in.slice(in.position(), length);
                    in.position(in.position() + length);
                    if (tag >>> 3 == field) {
                        found.add(value);
                    }
                }
                default -> throw new IllegalArgumentException("wire type " + type);
            }
        }
        return found;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static String hex(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        return HexFormat.of().formatHex(array);
    }
}
