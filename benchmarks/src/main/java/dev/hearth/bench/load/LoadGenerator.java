package dev.hearth.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.bench.JettyClients;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * An open-loop, constant-rate HTTP load generator. Request {@code i} is due at {@code start + i / rate} and is sent
 * then whatever happened to the ones before it; its latency is measured from that due time, not from when it
 * actually left, so a stall of the server (or of this generator) shows up in every request it delayed: the
 * coordinated-omission correction. Latencies go to an HdrHistogram (microseconds, 3 significant digits).
 *
 * <p>One Jetty client with one selector thread: cheap enough to share two cores with the server it measures. Its
 * own CPU, and that of any process named with {@code --watch name=pid}, is read from {@code /proc/<pid>/stat}
 * over the measured window and reported.
 *
 * <p>{@code --memory-probe PATH} runs {@code benchmarks/stalls/probe.c}'s binary over the measured window and reports
 * the share of its reads the machine slowed ({@link MemoryProbe}).
 *
 * <p>{@code --timeline PATH} writes one line per second of the measured window (by each request's due time): how
 * many were due, their p50, p99 and max in ms, the requests in flight and each watched process's CPU (cores) as that
 * second's sending ended. A window's tail then shows when it came: at the start, as a step, or spread through it.
 *
 * <p>{@code --rotate-headers PATH}: a file of headers, one {@code Name: value} a line; request {@code i} carries line
 * {@code i mod lines} (e.g. the tokens of several customers). {@code --failures PATH} writes one line per failed request
 * of the measured window: its due time (epoch ms), whether it got an answer ({@code answered}: a status other than 200)
 * or none ({@code lost}: connection refused or reset, timeout) and the kind. The summary counts {@code lost} apart
 * from {@code errors} (which include them) and each {@code X-Hearth-Served-By} value of the 200s ({@code servedBy}).
 * {@code --stop-file PATH} ends the sending early once PATH exists ({@code --duration} is then the longest it sends):
 * load for as long as a scenario takes. {@code deploy/fleet/run} uses these to tell which requests a killed instance took with it.
 *
 * <p>{@code --burst N} instead sends N requests as fast as it can and reports how many were in flight at once. With
 * {@code --on-time-ms T} it also counts (in {@code onTime}) the 200s answered within T ms of their send and those
 * answered later, the 503s with a {@code Retry-After} header (Hearth's fast answer to a request that waited too long:
 * docs/adr/031-answer-on-time.md) and how many of those came within T, and every other error.
 * Prints one JSON object per run on stdout and appends it to {@code --out}.
 */
public final class LoadGenerator {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final HttpClient client;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Failed without any HTTP answer (connection refused or reset, timeout): a subset of {@link #errors}. */
    private final LongAdder lost = new LongAdder();
    private final Map<String, LongAdder> servedBy = new java.util.concurrent.ConcurrentHashMap<>();
    /** With {@code --failures}, one line per failure of the measured window; otherwise null. */
    private final java.util.Queue<String> failures;
    /** System.currentTimeMillis() - System.nanoTime() / 1e6 when this started: turns a due time into epoch ms. */
    private final long epochOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder incomplete = new LongAdder();
    /** Hearth's homes answered by the legacy home (its fallback: a failed required section, or an overload). */
    private final LongAdder legacyAnswers = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, LongAdder> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
    /** With {@code --on-time-ms}: 200s within it of their send, 200s later, 503s with Retry-After (and within it). */
    private final LongAdder okOnTime = new LongAdder();
    private final LongAdder okLate = new LongAdder();
    private final LongAdder retryAfter503 = new LongAdder();
    private final LongAdder retryAfter503OnTime = new LongAdder();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureTo = Long.MAX_VALUE;
    /** With {@code --timeline}, the open-loop window second by second; otherwise null. */
    private volatile Timeline timeline;

    private LoadGenerator(Options options) throws Exception {
        this.options = options;
        this.failures = options.failures == null ? null : new java.util.concurrent.ConcurrentLinkedQueue<>();
        this.client = JettyClients.create("load", options.connections, 1_000_000);
        client.setIdleTimeout(120_000);
        client.setConnectTimeout(10_000);
        client.setUserAgentField(null);
        client.start();
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoadGenerator generator = new LoadGenerator(options);
        try {
            ObjectNode result = options.burst > 0 ? generator.burst() : generator.openLoop();
            if (generator.failures != null) {
                Files.write(options.failures, generator.failures, StandardCharsets.UTF_8);
            }
            String line = JSON.writeValueAsString(result);
            System.out.println(line);
            if (options.out != null) {
                Files.writeString(options.out, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            generator.client.stop();
        }
    }

    private ObjectNode openLoop() throws InterruptedException {
        long period = Math.round(1e9 / options.rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long warmEnd = start + TimeUnit.MILLISECONDS.toNanos(Math.round(options.warmup * 1000));
        long end = warmEnd + TimeUnit.MILLISECONDS.toNanos(Math.round(options.duration * 1000));
        measureFrom = warmEnd;
        measureTo = end;
        Timeline timeline = options.timeline == null ? null : new Timeline(warmEnd, (int) Math.ceil(options.duration));
        this.timeline = timeline;
        Map<String, long[]> cpuBefore = null;
        MemoryProbe probe = null;
        long sent = 0;
        long measuredSent = 0;
        long nextStopCheck = start;
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) {
                break;
            }
            if (options.stopFile != null && due >= nextStopCheck) {
                nextStopCheck = due + TimeUnit.MILLISECONDS.toNanos(100);
                if (Files.exists(options.stopFile)) {
                    end = due;
                    measureTo = due;
                    break;
                }
            }
            if (cpuBefore == null && due >= warmEnd) {
                recorder.reset();
                cpuBefore = cpu();
                probe = options.memoryProbe == null ? null : MemoryProbe.start(options.memoryProbe, options.duration);
            }
            if (timeline != null && due >= warmEnd) {
                timeline.sending(due, inFlight.get(), this::cpu);
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(due);
            sent++;
            if (due >= warmEnd) {
                measuredSent++;
            }
        }
        if (cpuBefore == null) {
            cpuBefore = cpu();
        }
        long sendingEnded = System.nanoTime();
        Map<String, long[]> cpuAfter = cpu();
        long elapsed = sendingEnded - warmEnd;
        if (timeline != null) {
            timeline.close(timeline.histograms.length, inFlight.get(), cpuAfter);
        }
        awaitQuiet();
        if (timeline != null) {
            timeline.write(options.timeline, options.label);
        }
        Histogram histogram = recorder.getIntervalHistogram();
        ObjectNode result = summary("open", histogram, elapsed, cpuBefore, cpuAfter);
        result.put("rate", options.rate);
        result.put("sent", sent);
        // A request still unanswered when the generator stopped waiting is lost too.
        result.put("lost", lost.sum() + measuredSent - completed.sum());
        if (probe != null) {
            probe.slowPercent().ifPresent(share -> result.put("memorySlowPercent", share));
        }
        return result;
    }

    private ObjectNode burst() throws InterruptedException {
        measureFrom = 0;
        measureTo = Long.MAX_VALUE;
        Map<String, long[]> before = cpu();
        long start = System.nanoTime();
        long spacing = options.rate > 0 ? Math.round(1e9 / options.rate) : 0;
        for (int i = 0; i < options.burst; i++) {
            long due = start + i * spacing;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(due);
        }
        long sentIn = System.nanoTime() - start;
        awaitQuiet();
        long elapsed = System.nanoTime() - start;
        Map<String, long[]> after = cpu();
        ObjectNode result = summary("burst", recorder.getIntervalHistogram(), elapsed, before, after);
        result.put("burst", options.burst);
        result.put("sentInMs", sentIn / 1e6);
        if (options.onTimeMs > 0) {
            ObjectNode onTime = result.putObject("onTime");
            onTime.put("withinMs", options.onTimeMs);
            onTime.put("ok", okOnTime.sum());
            onTime.put("okLate", okLate.sum());
            onTime.put("unavailableRetryAfter", retryAfter503.sum());
            onTime.put("unavailableRetryAfterWithin", retryAfter503OnTime.sum());
            onTime.put("otherErrors", errors.sum() - retryAfter503.sum());
            onTime.put("legacy", legacyAnswers.sum());
        }
        return result;
    }

    private void awaitQuiet() throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMs + 5_000);
        while (inFlight.get() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
    }

    private void send(long due) {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        var request = client.newRequest(options.url).timeout(options.timeoutMs, TimeUnit.MILLISECONDS);
        options.headers.forEach((name, value) -> request.headers(h -> h.put(name, value)));
        if (!options.rotatingHeaders.isEmpty()) {
            String[] header = options.rotatingHeaders.get(
                    (int) (sequence.getAndIncrement() % options.rotatingHeaders.size()));
            request.headers(h -> h.put(header[0], header[1]));
        }
        request.send(new Response.Listener() {
            @Override
            public void onContent(Response response, ByteBuffer content) {
                bytes.add(content.remaining());
            }

            @Override
            public void onComplete(Result result) {
                long end = System.nanoTime();
                inFlight.decrementAndGet();
                if (due < measureFrom || due >= measureTo) {
                    return;
                }
                long micros = Math.max(1, (end - due) / 1_000);
                recorder.recordValue(micros);
                boolean within = micros <= options.onTimeMs * 1_000;
                Timeline seconds = timeline;
                if (seconds != null) {
                    seconds.record(due, micros);
                }
                completed.increment();
                if (result.isFailed()) {
                    errors.increment();
                    lost.increment();
                    String kind = result.getFailure().getClass().getSimpleName();
                    errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
                    failed(due, "lost", kind);
                } else if (result.getResponse().getStatus() != 200) {
                    errors.increment();
                    if (result.getResponse().getStatus() == 503
                            && result.getResponse().getHeaders().contains("Retry-After")) {
                        retryAfter503.increment();
                        if (within) {
                            retryAfter503OnTime.increment();
                        }
                    }
                    errorKinds.computeIfAbsent("HTTP " + result.getResponse().getStatus(), k -> new LongAdder()).increment();
                    failed(due, "answered", "HTTP " + result.getResponse().getStatus());
                } else {
                    (within ? okOnTime : okLate).increment();
                    String side = result.getResponse().getHeaders().get("X-Hearth-Served-By");
                    servedBy.computeIfAbsent(side == null ? "none" : side, k -> new LongAdder()).increment();
                    if ("false".equals(result.getResponse().getHeaders().get("X-Hearth-Complete"))) {
                        incomplete.increment();
                    }
                    if ("legacy-fallback".equals(result.getResponse().getHeaders().get("X-Hearth-Served-By"))) {
                        legacyAnswers.increment();
                    }
                }
            }
        });
    }

    private void failed(long due, String answer, String kind) {
        if (failures != null) {
            failures.add((epochOffsetMillis + due / 1_000_000) + " " + answer + " " + kind);
        }
    }

    private ObjectNode summary(String mode, Histogram h, long elapsedNanos, Map<String, long[]> before,
            Map<String, long[]> after) {
        ObjectNode out = JSON.createObjectNode();
        out.put("label", options.label);
        out.put("mode", mode);
        out.put("seconds", elapsedNanos / 1e9);
        out.put("count", completed.sum());
        out.put("throughput", completed.sum() / (elapsedNanos / 1e9));
        out.put("errors", errors.sum());
        out.put("lost", lost.sum());
        ObjectNode sides = out.putObject("servedBy");
        servedBy.forEach((k, v) -> sides.put(k, v.sum()));
        ObjectNode kinds = out.putObject("errorKinds");
        errorKinds.forEach((k, v) -> kinds.put(k, v.sum()));
        out.put("incomplete", incomplete.sum());
        out.put("legacyAnswers", legacyAnswers.sum());
        out.put("maxInFlight", maxInFlight.get());
        out.put("meanBytes", completed.sum() == 0 ? 0 : bytes.sum() / Math.max(1, completed.sum()));
        out.put("p50", ms(h.getValueAtPercentile(50)));
        out.put("p90", ms(h.getValueAtPercentile(90)));
        out.put("p99", ms(h.getValueAtPercentile(99)));
        out.put("p999", ms(h.getValueAtPercentile(99.9)));
        out.put("max", ms(h.getMaxValue()));
        out.put("criticalMs", options.criticalMs);
        ObjectNode cpu = out.putObject("cpu");
        double seconds = elapsedNanos / 1e9;
        for (String name : before.keySet()) {
            long[] b = before.get(name);
            long[] a = after.get(name);
            if (a == null || b == null) {
                continue;
            }
            double used = (a[0] - b[0]) / (double) TICKS_PER_SECOND;
            ObjectNode one = cpu.putObject(name);
            one.put("cores", used / seconds);
            one.put("msPerRequest", completed.sum() == 0 ? 0 : used * 1000 / completed.sum());
        }
        return out;
    }

    /** The measured window second by second ({@code --timeline}). */
    private static final class Timeline {
        /** When second 0 begins (System.nanoTime). */
        private final long from;
        final Histogram[] histograms;
        private final String[] ends;
        private Map<String, long[]> last;
        /** The first second not yet closed. */
        private int next = -1;

        Timeline(long from, int seconds) {
            this.from = from;
            histograms = new Histogram[seconds];
            ends = new String[seconds];
            for (int i = 0; i < seconds; i++) {
                histograms[i] = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
            }
        }

        private int second(long due) {
            return (int) ((due - from) / 1_000_000_000L);
        }

        /** A completed request of the measured window, by its due time. */
        void record(long due, long micros) {
            int second = second(due);
            if (second < histograms.length) {
                histograms[second].recordValue(Math.min(micros, histograms[second].getHighestTrackableValue()));
            }
        }

        /** Called before each send of the measured window: as it reaches a new second, closes the ones before it. */
        void sending(long due, int inFlight, java.util.function.Supplier<Map<String, long[]>> cpu) {
            int second = second(due);
            if (second != next) {
                close(second, inFlight, cpu.get());
            }
        }

        /** Closes the seconds before {@code second} with these readings (the first call only takes the readings). */
        void close(int second, int inFlight, Map<String, long[]> cpu) {
            if (last == null) {
                last = cpu;
                next = second;
                return;
            }
            if (second <= next) {
                return;
            }
            StringBuilder line = new StringBuilder().append(inFlight);
            for (var entry : cpu.entrySet()) {
                long[] before = last.get(entry.getKey());
                if (before != null && !entry.getKey().equals("generator")) {
                    double cores = (entry.getValue()[0] - before[0]) / (double) TICKS_PER_SECOND / (second - next);
                    line.append(String.format(java.util.Locale.ROOT, " %s=%.2f", entry.getKey(), cores));
                }
            }
            for (int i = next; i < second && i < ends.length; i++) {
                ends[i] = line.toString();
            }
            last = cpu;
            next = second;
        }

        void write(Path path, String label) {
            StringBuilder out = new StringBuilder("# " + label + ": second, due, p50 ms, p99 ms, max ms, "
                    + "in flight and CPU (cores) as the second's sending ended\n");
            for (int i = 0; i < histograms.length; i++) {
                Histogram h = histograms[i];
                out.append(String.format(java.util.Locale.ROOT, "%3d %5d %8.2f %8.2f %8.2f  %s%n", i, h.getTotalCount(),
                        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
                        ends[i] == null ? "" : ends[i]));
            }
            try {
                Files.writeString(path, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("could not write the timeline to " + path + ": " + e);
            }
        }
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    /**
     * utime + stime of each watched process, and of this one as "generator", in clock ticks; also, as "{name}Jit", what
     * each watched JVM's JIT compiler threads used: a step in load makes it recompile the code the new load takes.
     */
    private Map<String, long[]> cpu() {
        Map<String, long[]> ticks = new LinkedHashMap<>();
        options.watch.forEach((name, pid) -> read(pid).ifPresent(t -> ticks.put(name, new long[] {t})));
        options.watch.forEach((name, pid) -> jit(pid).ifPresent(t -> ticks.put(name + "Jit", new long[] {t})));
        read(ProcessHandle.current().pid()).ifPresent(t -> ticks.put("generator", new long[] {t}));
        machine().ifPresent(t -> ticks.put("machine", new long[] {t}));
        return ticks;
    }

    /** Busy ticks of the whole machine (every process, ours or not), from /proc/stat. */
    private static java.util.Optional<Long> machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return java.util.Optional.of(busy);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * CPU ticks of a JVM's C1 and C2 compiler threads (HotSpot names them "C1 CompilerThre", "C2 CompilerThre"). HotSpot
     * starts and stops extra compiler threads as its queue grows and shrinks; one that stops between two readings takes
     * its ticks with it, so over a window this can undercount.
     */
    private static java.util.Optional<Long> jit(long pid) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            long sum = 0;
            boolean any = false;
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm"));
                } catch (IOException gone) { // the thread ended while we listed them
                    continue;
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    var ticks = read(task);
                    if (ticks.isPresent()) {
                        sum += ticks.get();
                        any = true;
                    }
                }
            }
            return any ? java.util.Optional.of(sum) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<Long> read(long pid) {
        return read(Path.of("/proc/" + pid));
    }

    /** utime + stime of a process or thread: its {@code /proc} directory's {@code stat}. */
    private static java.util.Optional<Long> read(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14, stime 15 (1-based over the whole line)
            return java.util.Optional.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Command-line options; see {@link LoadGenerator}. */
    private static final class Options {
        String url;
        String label = "run";
        double rate = 100;
        double duration = 10;
        double warmup = 2;
        long timeoutMs = 10_000;
        int connections = 2_000;
        int burst;
        long onTimeMs;
        double criticalMs;
        Path out;
        Path memoryProbe;
        Path timeline;
        Path failures;
        Path stopFile;
        final Map<String, String> headers = new LinkedHashMap<>();
        final java.util.List<String[]> rotatingHeaders = new java.util.ArrayList<>();
        final Map<String, Long> watch = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--url" -> o.url = value;
                    case "--label" -> o.label = value;
                    case "--rate" -> o.rate = Double.parseDouble(value);
                    case "--duration" -> o.duration = Double.parseDouble(value);
                    case "--warmup" -> o.warmup = Double.parseDouble(value);
                    case "--timeout-ms" -> o.timeoutMs = Long.parseLong(value);
                    case "--connections" -> o.connections = Integer.parseInt(value);
                    case "--burst" -> o.burst = Integer.parseInt(value);
                    case "--on-time-ms" -> o.onTimeMs = Long.parseLong(value);
                    case "--critical-ms" -> o.criticalMs = Double.parseDouble(value);
                    case "--out" -> o.out = Path.of(value);
                    case "--memory-probe" -> o.memoryProbe = Path.of(value);
                    case "--timeline" -> o.timeline = Path.of(value);
                    case "--failures" -> o.failures = Path.of(value);
                    case "--stop-file" -> o.stopFile = Path.of(value);
                    case "--rotate-headers" -> {
                        try {
                            for (String line : Files.readAllLines(Path.of(value))) {
                                int colon = line.indexOf(':');
                                if (!line.isBlank() && colon < 1) {
                                    throw new IllegalArgumentException("--rotate-headers " + value
                                            + ": each line must be 'Name: value', not '" + line + "'");
                                }
                                if (!line.isBlank()) {
                                    o.rotatingHeaders.add(new String[] {line.substring(0, colon).trim(),
                                            line.substring(colon + 1).trim()});
                                }
                            }
                        } catch (IOException e) {
                            throw new IllegalArgumentException("--rotate-headers: cannot read " + value + ": " + e);
                        }
                    }
                    case "--header" -> {
                        int colon = value.indexOf(':');
                        o.headers.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
                    }
                    case "--watch" -> {
                        for (String pair : value.split(",")) {
                            if (!pair.isBlank()) {
                                String[] kv = pair.split("=");
                                o.watch.put(kv[0], Long.parseLong(kv[1]));
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            if (o.url == null) {
                throw new IllegalArgumentException("--url is required");
            }
            return o;
        }
    }
}
