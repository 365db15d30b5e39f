package dev.hearth.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.adapters.json.DomainJson;
import dev.hearth.ports.domain.model.Account;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.servlets.tasks.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hearth's downstreams, served by Hearth itself over loopback HTTP, so the real HTTP adapters run
 * against demo data: core banking, partners, cards, open banking, marketing and the legacy home,
 * exactly as adapters/DOWNSTREAMS.md documents them. Every endpoint waits a realistic latency
 * (scaled and jittered by {@link SandboxSettings}), and {@link #faults()} makes one slow, failing or
 * hanging at run time, also over HTTP: its {@link #tasks()} answer {@code POST /tasks/sandbox-fault?...} and
 * {@code POST /tasks/sandbox-reset} on its own port. Demo customers: {@code alice}, {@code bob}, {@code carol},
 * {@code dave}.
 *
 * <p>Built on the JDK's HTTP server with a virtual thread per request and Jackson, not on Dropwizard's
 * Jetty, so it can also run as a process of its own. Never enable it in production.
 */
public final class SandboxServer implements AutoCloseable {
    /** The most card ids one batch card-details call may ask for. */
    static final int MAX_BATCH_CARDS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    private static final Duration MAX_HANG = Duration.ofMinutes(10);
    private static final int DEFAULT_ACTIVITIES = 10;
    private static final int MAX_ACTIVITIES = 100;
    private static final int BACKLOG = 1024;
    /** The JDK server's cap on idle keep-alive connections (its default: 200), and the sandbox's. */
    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    static final int IDLE_CONNECTIONS = 10_000;

    static {
        // Keep connections as real downstreams do. With the JDK's 200, the server closed every connection beyond it as
        // it went idle, and Hearth's six pools to the one sandbox hold more under load: 8.6 new connections a home at
        // 1,000 homes a second, the sandbox's CPU and Hearth's spent on reconnecting. Read once, when the JDK's server
        // is first used in the JVM; a value given on the command line wins.
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, Integer.toString(IDLE_CONNECTIONS));
        }
    }
    private static final String TASKS = "/tasks/";

    private static final String TOKEN_PATH = "/oauth2/token";

    private final SandboxSettings settings;
    private final SandboxCredential required;
    private final SandboxTokens tokens = new SandboxTokens(Clock.systemUTC());
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUri;
    private final FaultRegistry faults = new FaultRegistry(Endpoint.portNames());
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final List<Task> tasks = List.of(new SandboxFaultTask(faults), new SandboxResetTask(faults),
            new SandboxCallsTask(this::callsByPort));
    /** Steps of the "moving" fault: every answer of a moving port is one step further. */
    private final AtomicLong moves = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ObjectMapper mapper = DomainJson.configure(Jackson.newObjectMapper());
    private final DemoBank bank = new DemoBank(Clock.systemUTC());
    private final DownstreamJson json = new DownstreamJson(mapper);
    private final LegacyHomeScreen legacyHome = new LegacyHomeScreen(bank, mapper);

    private SandboxServer(SandboxSettings settings, SandboxCredential required) throws IOException {
        this.settings = settings;
        this.required = required;
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (required instanceof SandboxCredential.ClientCertificate certificate) {
            HttpsServer https = HttpsServer.create(address, BACKLOG);
            https.setHttpsConfigurator(SandboxTls.requiringClientCertificates(certificate));
            this.server = https;
        } else {
            this.server = HttpServer.create(address, BACKLOG);
        }
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String scheme = server instanceof HttpsServer ? "https" : "http";
        this.baseUri = URI.create(scheme + "://" + host + ":" + server.getAddress().getPort());
    }

    /**
     * Starts serving, to anyone.
     *
     * @throws IOException if the address cannot be bound (port 9090 taken: set {@code sandbox.port}, or 0 for any)
     */
    public static SandboxServer start(SandboxSettings settings) throws IOException {
        return start(settings, new SandboxCredential.None());
    }

    /**
     * Starts serving, to callers with the {@code required} credential: a token of its {@code /oauth2/token}, or a
     * client certificate (then over https).
     *
     * @throws IOException if the address cannot be bound, or a key or trust store cannot be read
     */
    public static SandboxServer start(SandboxSettings settings, SandboxCredential required) throws IOException {
        SandboxServer sandbox = new SandboxServer(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(required, "required"));
        LOG.info("Sandbox downstreams serving at {} (latency x{}, jitter {}, credential required: {})", sandbox.baseUri,
                settings.latencyScale(), settings.jitter(), switch (required) {
                    case SandboxCredential.None none -> "none";
                    case SandboxCredential.Bearer bearer -> "bearer, tokens at " + sandbox.baseUri + TOKEN_PATH;
                    case SandboxCredential.ClientCertificate certificate -> "client certificate";
                });
        return sandbox;
    }

    /** How many tokens its {@code /oauth2/token} has issued. */
    public long tokensIssued() {
        return tokens.issued();
    }

    /** Where the sandbox listens, e.g. {@code http://127.0.0.1:41234}; adapters append {@code /core/...}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The faults injected at run time, by port name. */
    public FaultRegistry faults() {
        return faults;
    }

    /**
     * The fault tasks, {@code sandbox-fault} and {@code sandbox-reset}, and {@code sandbox-calls} (requests per port):
     * served at {@code POST /tasks/<name>} on the
     * sandbox's own port (a bad parameter answers 400 with the reason), and on Hearth's admin port when it embeds the
     * sandbox.
     */
    public List<Task> tasks() {
        return tasks;
    }

    /** Stops at once: hanging and sleeping handlers end, open connections are closed. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Sandbox handlers still running 5 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many requests the endpoint of {@code port} has received (what a paid downstream would bill). */
    public long calls(String port) {
        if (!faults.portNames().contains(port)) {
            throw new IllegalArgumentException("the sandbox has no port '" + port + "'; its ports are " + faults.portNames());
        }
        LongAdder count = calls.get(port);
        return count == null ? 0 : count.sum();
    }

    /** {@link #calls(String)} of every port, in the ports' order. */
    public Map<String, Long> callsByPort() {
        Map<String, Long> byPort = new LinkedHashMap<>();
        faults.portNames().forEach(port -> byPort.put(port, calls(port)));
        return byPort;
    }

    private void handle(HttpExchange exchange) {
        try {
            respond(exchange);
        } catch (IOException e) {
            LOG.debug("Sandbox client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Sandbox failed on {}", exchange.getRequestURI(), e);
            try {
                send(exchange, 500, json.problem(500, "Internal Server Error", "the sandbox failed: " + e));
            } catch (IOException | RuntimeException ignored) {
                // headers may already be out; the connection is closed below
            }
        } finally {
            exchange.close();
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (requestId != null) {
            exchange.getResponseHeaders().set("X-Request-Id", requestId);
        }
        if (exchange.getRequestURI().getPath().startsWith(TASKS)) {
            runTask(exchange, exchange.getRequestURI().getPath().substring(TASKS.length()));
            return;
        }
        if (exchange.getRequestURI().getPath().equals(TOKEN_PATH) && required instanceof SandboxCredential.Bearer bearer) {
            issueToken(exchange, bearer);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, 405, json.problem(405, "Method Not Allowed", "the sandbox's downstreams serve GET only (tasks: POST /tasks/<name>)"));
            return;
        }
        Optional<Endpoint.Match> match = Endpoint.match(exchange.getRequestURI().getPath());
        if (match.isEmpty()) {
            send(exchange, 404, json.problem(404, "Not Found", "no sandbox endpoint at " + exchange.getRequestURI().getPath()));
            return;
        }
        Endpoint endpoint = match.get().endpoint();
        String id = match.get().id();
        if (required instanceof SandboxCredential.Bearer && endpoint != Endpoint.LEGACY_HOME
                && !tokens.valid(bearerToken(exchange))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sandbox\", error=\"invalid_token\"");
            send(exchange, 401, json.problem(401, "Unauthorized",
                    "the sandbox requires a bearer token from its " + TOKEN_PATH + " (none, unknown or expired)"));
            return;
        }
        calls.computeIfAbsent(endpoint.port(), port -> new LongAdder()).increment();
        if (endpoint == Endpoint.LEGACY_HOME && !hasBearerToken(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"legacy\"");
            send(exchange, 401, json.problem(401, "Unauthorized", "the legacy home needs Authorization: Bearer <token>"));
            return;
        }
        Optional<Fault> fault = faults.find(endpoint.port());
        Duration added = fault.map(Fault::latency).orElse(Duration.ZERO);
        if (!pause(latency(endpoint).plus(added))) {
            return;
        }
        if (fault.isPresent() && fault.get().hang()) {
            pause(MAX_HANG); // never answers: ends when the sandbox closes
            return;
        }
        if (fault.isPresent() && ThreadLocalRandom.current().nextDouble() < fault.get().errorRate()) {
            send(exchange, 503, json.problem(503, "Service Unavailable",
                    "sandbox fault injected on port '" + endpoint.port() + "'"));
            return;
        }
        Optional<JsonNode> body;
        try {
            body = answer(endpoint, id, parameters(exchange.getRequestURI().getRawQuery()));
        } catch (NotFound e) {
            send(exchange, 404, json.problem(404, "Not Found", e.getMessage()));
            return;
        } catch (BadRequest e) {
            send(exchange, 400, json.problem(400, "Bad Request", e.getMessage()));
            return;
        }
        if (body.isPresent()) {
            boolean moving = endpoint != Endpoint.LEGACY_HOME && fault.isPresent() && fault.get().moving();
            send(exchange, 200, moving ? Drift.move(body.get(), moves.incrementAndGet()) : body.get());
        }
    }

    /** The endpoint's answer; empty if the sandbox closed while computing it. */
    private Optional<JsonNode> answer(Endpoint endpoint, String id, Map<String, List<String>> query) {
        return switch (endpoint) {
            case PROFILE -> Optional.of(json.profile(customer(id).profile()));
            case ACCOUNTS -> Optional.of(json.accounts(id, customer(id).accounts()));
            case BALANCE -> Optional.of(json.balance(bank.balance(account(id))));
            case ACTIVITIES -> Optional.of(json.activities(id, bank.activities(account(id), limit(query))));
            case PARTNERSHIP -> Optional.of(json.partnership(bank.partnership(account(id).id().value())
                    .orElseThrow(() -> new NotFound("account " + id + " is in no partner programme"))));
            case CARD_LIST -> Optional.of(json.cards(id, DemoBank.summaries(customer(id))));
            case CARD_DETAILS -> Optional.of(json.card(bank.card(id).orElseThrow(() -> new NotFound("no card " + id))));
            case CARD_DETAILS_BATCH -> Optional.of(json.cardBatch(cardIds(query).stream().map(bank::card)
                    .flatMap(Optional::stream).toList()));
            case OPEN_BANKING -> Optional.of(json.externalBalances(id, bank.externalBalances(customer(id))));
            case BANNERS -> Optional.of(json.banners(customer(id).banners()));
            case LEGACY_HOME -> legacyHome.render(customer(id), part -> pause(latency(part)), this::asLegacySeesIt)
                    .map(JsonNode.class::cast);
        };
    }

    /** A part of the legacy home as the legacy side sees it, with the faults that change data ({@link Drift}). */
    private JsonNode asLegacySeesIt(Endpoint part, JsonNode data) {
        Optional<Fault> fault = faults.find(part.port());
        JsonNode seen = data;
        if (fault.isPresent() && fault.get().moving()) {
            seen = Drift.move(seen, moves.incrementAndGet());
        }
        if (fault.isPresent() && fault.get().legacyDifference()) {
            seen = Drift.legacyDifference(seen);
        }
        return seen;
    }

    private DemoBank.Customer customer(String id) {
        return bank.customer(id).orElseThrow(() -> new NotFound("no customer " + id));
    }

    private Account account(String id) {
        return bank.account(id).orElseThrow(() -> new NotFound("no account " + id));
    }

    /** {@code ids=c1,c2,...}: one to {@value #MAX_BATCH_CARDS} card ids. */
    private static List<String> cardIds(Map<String, List<String>> query) {
        String value = TaskParameters.single(query, "ids");
        if (value == null || value.isBlank()) {
            throw new BadRequest("say which cards: ?ids=c1,c2,... (1 to " + MAX_BATCH_CARDS + " card ids)");
        }
        List<String> ids = List.of(value.split(","));
        if (ids.size() > MAX_BATCH_CARDS) {
            throw new BadRequest("at most " + MAX_BATCH_CARDS + " card ids per call, not " + ids.size());
        }
        return ids;
    }

    private static int limit(Map<String, List<String>> query) {
        String value = TaskParameters.single(query, "limit");
        if (value == null) {
            return DEFAULT_ACTIVITIES;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_ACTIVITIES) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new BadRequest("limit must be a whole number from 1 to " + MAX_ACTIVITIES + ", not '" + value + "'");
    }

    /** {@code POST /tasks/<name>}: one of {@link #tasks()}, run as Dropwizard runs it on an admin port. */
    private void runTask(HttpExchange exchange, String name) throws IOException {
        Optional<Task> task = tasks.stream().filter(t -> t.getName().equals(name)).findFirst();
        if (task.isEmpty()) {
            send(exchange, 404, json.problem(404, "Not Found", "the sandbox has no task '" + name + "'; its tasks are "
                    + tasks.stream().map(Task::getName).toList()));
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, json.problem(405, "Method Not Allowed", "tasks are run with POST"));
            return;
        }
        StringWriter output = new StringWriter();
        try {
            task.get().execute(parameters(exchange.getRequestURI().getRawQuery()), new PrintWriter(output, true));
        } catch (IllegalArgumentException | BadRequest e) {
            send(exchange, 400, json.problem(400, "Bad Request", e.getMessage()));
            return;
        } catch (Exception e) {
            throw new IllegalStateException("sandbox task " + name + " failed", e);
        }
        send(exchange, 200, "text/plain;charset=utf-8", output.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A query string as Dropwizard hands a task its parameters: each name with its values, decoded. */
    private static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                parameters.computeIfAbsent(decode(equals < 0 ? pair : pair.substring(0, equals)), name -> new ArrayList<>())
                        .add(equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the query string is not URL-encoded: '" + encoded + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code POST /oauth2/token}, the client-credentials grant (RFC 6749 §4.4) for the one client the sandbox knows,
     * authenticated with HTTP Basic or with {@code client_id} and {@code client_secret} in the form.
     */
    private void issueToken(HttpExchange exchange, SandboxCredential.Bearer bearer) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, json.problem(405, "Method Not Allowed", "tokens are asked for with POST"));
            return;
        }
        Map<String, List<String>> form = parameters(new String(exchange.getRequestBody().readNBytes(8192),
                StandardCharsets.UTF_8));
        if (!"client_credentials".equals(TaskParameters.single(form, "grant_type"))) {
            sendOAuthError(exchange, 400, "unsupported_grant_type");
            return;
        }
        if (!SandboxTokens.authenticates(exchange.getRequestHeaders().getFirst("Authorization"), form, bearer)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"sandbox\"");
            sendOAuthError(exchange, 401, "invalid_client");
            return;
        }
        String token = tokens.issue(bearer.tokenLifetime());
        send(exchange, 200, mapper.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", bearer.tokenLifetime().toSeconds()));
    }

    private void sendOAuthError(HttpExchange exchange, int status, String error) throws IOException {
        send(exchange, status, "application/json", mapper.writeValueAsBytes(mapper.createObjectNode().put("error", error)));
    }

    private static String bearerToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    private static boolean hasBearerToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank();
    }

    /** The endpoint's base latency, scaled, ± jitter. */
    private Duration latency(Endpoint endpoint) {
        double spread = settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        double nanos = endpoint.baseLatency().toNanos() * settings.latencyScale() * (1 + spread);
        return Duration.ofNanos(Math.max(0, (long) nanos));
    }

    /** Waits {@code duration}; false if the sandbox started closing meanwhile (the answer is abandoned). */
    private boolean pause(Duration duration) {
        try {
            if (duration.isZero()) {
                return closing.getCount() > 0;
            }
            return !closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, status >= 400 ? "application/problem+json" : "application/json", mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The thing asked for does not exist: 404. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The request itself is wrong: 400. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
