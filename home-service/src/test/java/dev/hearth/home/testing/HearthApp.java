package dev.hearth.home.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.adapters.out.persistence.PostgresFixture;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.auth.TokenIssuer;
import dev.hearth.home.wiring.HealthModule;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.ports.domain.model.CustomerId;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole application, started for a test class: random ports, the embedded sandbox, an H2 database of its own in a
 * temp dir, and the overrides the class asks for.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HearthApp APP = HearthApp.onTestConfig().override("migration.shadow.maxInFlight", "1");
 * }</pre>
 *
 * <p>Registered as an extension it starts before the class's first test and stops after its last (its {@code @Nested}
 * classes share it). A test that must start the application itself, with a config of its own each time, calls
 * {@link #start()} and {@link #stop()} (or closes it).
 *
 * <p>Overrides are Dropwizard's {@code dw.*} system properties, as {@link ConfigOverride} sets them; the reload task
 * reads the file again through the same factory, so they stay in force for it. A class that edits its config file
 * ({@link #edit}, {@link #writeConfig}) gets a copy in the temp dir that the running application reads.
 */
public final class HearthApp implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path baseConfig;
    private final Map<String, Supplier<String>> overrides = new LinkedHashMap<>();
    private final List<UnaryOperator<String>> edits = new ArrayList<>();
    private Map<String, String> screenFiles;
    private int registrations;
    private Path dir;
    private DropwizardTestSupport<HomeConfiguration> support;
    private Class<? extends HomeApplication> application = HomeApplication.class;
    private boolean awaitWarmUp = true;
    private boolean firstHomes = true;

    private HearthApp(Path baseConfig) {
        this.baseConfig = baseConfig;
    }

    /** src/test/resources/test-config.yml: fast sandbox downstreams, breakers off, every customer on Hearth. */
    public static HearthApp onTestConfig() {
        return onResource("test-config.yml");
    }

    /** Starts {@code application} (a HomeApplication with extra Guice modules) instead of Hearth as shipped. */
    public HearthApp application(Class<? extends HomeApplication> application) {
        this.application = application;
        return this;
    }

    /** A config file of src/test/resources. */
    public static HearthApp onResource(String name) {
        return new HearthApp(Path.of(ResourceHelpers.resourceFilePath(name)));
    }

    /** Any config file, e.g. the shipped {@code ../config.yml}. */
    public static HearthApp onConfig(Path file) {
        return new HearthApp(file);
    }

    /** One {@code dw.*} override; a later one for the same key wins (so a class may replace the H2 default). */
    public HearthApp override(String key, String value) {
        return override(key, () -> value);
    }

    /** An override whose value is computed when the application starts (after the temp dir exists). */
    public HearthApp override(String key, Supplier<String> value) {
        overrides.remove(key);
        overrides.put(key, value);
        return this;
    }

    /** On {@code database} (embedded PostgreSQL) instead of the test config's H2: instances on one share its state. */
    public HearthApp onDatabase(PostgresFixture.Database database) {
        return override("database.driverClass", "org.postgresql.Driver")
                .override("database.url", database.jdbcUrl())
                .override("database.user", database.user())
                .override("database.password", "");
    }

    /**
     * Returns from {@link #start()} as soon as the server runs, without waiting for the warm-up (which otherwise
     * ends before the first test, as a load balancer waits for readiness): for a test of the warm-up itself.
     */
    public HearthApp notAwaitingWarmUp() {
        this.awaitWarmUp = false;
        this.firstHomes = false;
        return this;
    }

    /** Starts without the two homes {@link #start()} otherwise builds first: for a test that counts from zero. */
    public HearthApp withoutFirstHomes() {
        this.firstHomes = false;
        return this;
    }

    /** Any free ports for the application, its admin port and the sandbox (for a config that names fixed ones). */
    public HearthApp randomPorts() {
        return override("server.applicationConnectors[0].port", "0")
                .override("server.adminConnectors[0].port", "0")
                .override("sandbox.port", "0");
    }

    /** Edits the text of the config file before the application reads it (at start and at {@link #writeConfig}). */
    public HearthApp edit(UnaryOperator<String> edit) {
        edits.add(edit);
        return this;
    }

    /**
     * A copy of the repository's screens/ in the temp dir, with {@code files} (file name to text) added or replaced,
     * as the {@code screens} setting: the test may edit them and reload.
     */
    public HearthApp withScreenCopy(Map<String, String> files) {
        this.screenFiles = Map.copyOf(files);
        return override("screens", () -> screens().toString());
    }

    // --- lifecycle ---

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (registrations++ == 0) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--registrations == 0) {
            stop();
        }
    }

    /** Starts the application; throws what start-up threw (the caller still {@link #stop()}s). */
    public HearthApp start() throws Exception {
        dir = Files.createTempDirectory("hearth-app-");
        Map<String, Supplier<String>> all = new LinkedHashMap<>();
        String h2 = h2InDir(database(baseConfig));
        if (h2 != null) {
            all.put("database.url", () -> h2); // first: the class's own database.url, if any, replaces it
        }
        if (hasHealthBlock(baseConfig)) {
            // Dropwizard's delayed shutdown handler is a JVM shutdown hook that sleeps health.shutdownWaitPeriod: one
            // per application would add up when the test JVM exits. DrainIT drains a process of its own instead.
            all.put("health.delayedShutdownHandlerEnabled", () -> "false");
        }
        all.putAll(overrides);
        if (screenFiles != null) {
            copyScreens();
        }
        String config = baseConfig.toString();
        if (!edits.isEmpty()) {
            writeConfig(UnaryOperator.identity());
            config = configFile().toString();
        }
        support = new DropwizardTestSupport<>(application, config, all.entrySet().stream()
                .map(o -> ConfigOverride.config(o.getKey(), o.getValue())).toArray(ConfigOverride[]::new));
        support.before();
        if (awaitWarmUp) {
            awaitWarmUp();
        }
        // Only where the sandbox's tokens are trusted: with auth.jwksUri they would be tokens of an unknown kid, each a
        // fetch of the key set that the test's own tokens then find rate limited.
        if (firstHomes && configuration().getSandbox().isEnabled() && configuration().getAuth().getJwks().isPresent()) {
            buildFirstHomes();
        }
        return this;
    }

    /**
     * Two of alice's homes before the first test, as the sandbox's own warm-up built them before the warm-up of ADR 018
     * replaced it: the warm-up calls no configured downstream, so without these the first test's request would open
     * the first connections to the sandbox or the stubs (and their TLS handshakes) inside its deadlines.
     */
    private void buildFirstHomes() {
        for (int i = 0; i < 2; i++) {
            try {
                get("/v1/screens/home", "alice");
            } catch (RuntimeException e) {
                return; // a configuration without a token to sign: its tests do without
            }
        }
    }

    /** Until the warm-up's check ({@link HealthModule#WARMED}) is healthy: the instance would now be ready. */
    private void awaitWarmUp() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!environment().healthChecks().runHealthCheck(HealthModule.WARMED).isHealthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm-up did not end within 2 minutes");
            }
            Thread.sleep(20);
        }
    }

    /** Stops the application (if it started) and removes the temp dir. */
    public void stop() {
        try {
            if (support != null) {
                support.after();
            }
        } finally {
            support = null;
            deleteDir();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Writes the config file again: the base config with the class's edits, then {@code edit}. The application reads
     * it at the next reload.
     */
    public String writeConfig(UnaryOperator<String> edit) {
        try {
            String text = Files.readString(baseConfig);
            for (UnaryOperator<String> e : edits) {
                text = e.apply(text);
            }
            text = edit.apply(text);
            Files.writeString(configFile(), text);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what a test needs of the running application ---

    /** The application's base URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI api() {
        return URI.create("http://127.0.0.1:" + running().getLocalPort());
    }

    /** The admin port's base URI. */
    public URI admin() {
        return URI.create("http://127.0.0.1:" + running().getAdminPort());
    }

    public URI api(String pathAndQuery) {
        return URI.create(api() + pathAndQuery);
    }

    public URI admin(String pathAndQuery) {
        return URI.create(admin() + pathAndQuery);
    }

    public HomeConfiguration configuration() {
        return running().getConfiguration();
    }

    public Environment environment() {
        return running().getEnvironment();
    }

    /** This application's temp dir (its database, and its config file and screens when it has copies). */
    public Path dir() {
        assertThat(dir).as("started").isNotNull();
        return dir;
    }

    public Path configFile() {
        return dir().resolve("config.yml");
    }

    /** The copy of screens/ ({@link #withScreenCopy}). */
    public Path screens() {
        return dir().resolve("screens");
    }

    /** Signs tokens as the sandbox's identity provider does, for this application's issuer and audience. */
    public TokenIssuer issuer() {
        HomeConfiguration config = configuration();
        return new TokenIssuer(config.getSandbox().getSigningKey(), config.getAuth().getIssuer(),
                config.getAuth().getAudience());
    }

    /** A token of a demo customer (alice, bob, carol, dave) with the home:read scope, valid for five minutes. */
    public String token(String customer) {
        return issuer().issue(new CustomerId(customer), "home:read", Instant.now(), Duration.ofMinutes(5));
    }

    /** {@code GET path} as {@code customer} (a name, or a token when it contains a dot), with extra headers. */
    public HttpResponse<String> get(String pathAndQuery, String customerOrToken, Map<String, String> headers) {
        String token = customerOrToken.contains(".") ? customerOrToken : token(customerOrToken);
        HttpRequest.Builder request = Http.request(api(pathAndQuery)).header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        return Http.send(request.GET().build());
    }

    /** {@code GET path} as {@code customer} (a name, or a token when it contains a dot). */
    public HttpResponse<String> get(String pathAndQuery, String customerOrToken) {
        return get(pathAndQuery, customerOrToken, Map.of());
    }

    /** {@code GET path} without a token. */
    public HttpResponse<String> getAnonymous(String pathAndQuery) {
        return Http.send(Http.request(api(pathAndQuery)).GET().build());
    }

    /** {@code GET path} as {@code customer}, timed from sending (the token already signed) to the body's end. */
    public Timed timed(String pathAndQuery, String customer) {
        HttpRequest request = Http.request(api(pathAndQuery)).header("Authorization", "Bearer " + token(customer))
                .GET().build();
        long started = System.nanoTime();
        HttpResponse<String> response = Http.send(request);
        return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The screen at {@code path} as {@code customer}'s JSON; fails unless it answers 200. */
    public JsonNode json(String pathAndQuery, String customer) {
        return Http.body(get(pathAndQuery, customer), 200);
    }

    /** {@code GET path} on the admin port. */
    public HttpResponse<String> adminGet(String pathAndQuery) {
        return Http.send(Http.request(admin(pathAndQuery)).GET().build());
    }

    /** {@code POST /tasks/<task>?<params>} on the admin port, as it answers. */
    public HttpResponse<String> postTask(String task, Map<String, String> params) {
        return Http.send(Http.request(admin("/tasks/" + task + Http.query(params)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** {@code POST /tasks/<task>?<params>}; fails unless it answers 200, returns what it printed. */
    public String task(String task, Map<String, String> params) {
        HttpResponse<String> response = postTask(task, params);
        assertThat(response.statusCode()).as("admin task %s: %s", task, response.body()).isEqualTo(200);
        return response.body();
    }

    /** {@code POST /tasks/reload}: the config file and the screen files read again; as it answers. */
    public HttpResponse<String> reload() {
        return postTask("reload", Map.of());
    }

    /** The sandbox's fault injection for one port, e.g. {@code fault("banners", "hang", "true")}. */
    public void sandboxFault(String port, String setting, String value) {
        task("sandbox-fault", Map.of("port", port, setting, value));
    }

    /** Every sandbox fault cleared. */
    public void sandboxReset() {
        task("sandbox-reset", Map.of());
    }

    /** The Prometheus text on the admin port, as a scraper reads it. */
    public String prometheus() {
        HttpResponse<String> response = adminGet("/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A gauge of the application's metric registry, which must exist. */
    public Object gauge(String name) {
        var gauge = environment().metrics().getGauges().get(name);
        assertThat(gauge).as("gauge " + name).isNotNull();
        return gauge.getValue();
    }

    public long counter(String name) {
        return environment().metrics().counter(name).getCount();
    }

    private DropwizardTestSupport<HomeConfiguration> running() {
        assertThat(support).as("the application is started").isNotNull();
        return support;
    }

    /** The base config's database URL, or null when it names none. */
    private static boolean hasHealthBlock(Path config) {
        try {
            return YAML.readTree(Files.readString(config)).path("health").isObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String database(Path config) {
        try {
            JsonNode url = YAML.readTree(Files.readString(config)).path("database").path("url");
            return url.isTextual() ? url.asText() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same H2 database (name and options) as a file in the temp dir: {@code jdbc:h2:mem:hearth-e2e;DB_CLOSE_DELAY=-1;
     * MODE=PostgreSQL} becomes {@code jdbc:h2:/tmp/hearth-app-1/hearth-e2e;MODE=PostgreSQL}. Null for another database.
     */
    private String h2InDir(String url) {
        if (url == null || !url.startsWith("jdbc:h2:")) {
            return null;
        }
        String[] parts = url.substring("jdbc:h2:".length()).split(";");
        String name = parts[0].substring(Math.max(parts[0].lastIndexOf(':'), parts[0].lastIndexOf('/')) + 1);
        StringBuilder file = new StringBuilder("jdbc:h2:").append(dir.toAbsolutePath().resolve(name));
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("DB_CLOSE_DELAY=")) { // an in-memory database's setting; a file outlives it
                file.append(';').append(parts[i]);
            }
        }
        return file.toString();
    }

    private void copyScreens() throws IOException {
        Files.createDirectories(screens());
        try (Stream<Path> files = Files.list(Path.of("../screens"))) {
            for (Path file : files.toList()) {
                Files.copy(file, screens().resolve(file.getFileName()));
            }
        }
        for (Map.Entry<String, String> file : screenFiles.entrySet()) {
            Files.writeString(screens().resolve(file.getKey()), file.getValue());
        }
    }

    private void deleteDir() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            dir = null;
        }
    }
}
