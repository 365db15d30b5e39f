package dev.hearth.home.runtime;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.StoredResult;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link ResultStore} on Redis, shared by every instance that names the same Redis and key prefix: a
 * value one instance fetched is fresh for all of them, and a stale value outlives the instance that fetched it
 * (docs/adr/019-result-store-on-redis.md).
 *
 * <p>Fail-open with a deadline: a {@link #get} waits at most {@code operationTimeout} for Redis, a {@link #put} is sent
 * without waiting; any error, timeout or missing connection is a miss, so the call goes to the port. Nothing here
 * throws. The connection is made in the background (start-up never waits for Redis); once made, Lettuce reconnects by
 * itself after a Redis restart, and commands are rejected at once, not queued, while it is down.
 *
 * <p>Each value is a hash {@code <prefix><screen>:<path>:<port>:<sha-256 of the input's JSON, 32 hex>} holding the
 * fetch time ({@code s} epoch seconds, {@code n} nanos) and the value as the domain's JSON ({@code v}), read back as
 * the port's declared output type; it expires after the longer of the section's freshness and stale windows. A value
 * fetched earlier never replaces one fetched later (a Lua script compares the fetch times in Redis).
 */
public final class RedisResultStore implements ResultStore, AutoCloseable {
    /** The operations the store reports. */
    public enum Operation {
        GET, PUT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How an operation ended: a get {@code HIT} or {@code MISS}; a put {@code STORED}, or {@code KEPT_LATER} when Redis
     * held a value fetched later; either {@code TIMEOUT} (past the deadline), {@code ERROR} (Redis or the JSON failed)
     * or {@code UNAVAILABLE} (no connection: not sent).
     */
    public enum Outcome {
        HIT, MISS, STORED, KEPT_LATER, TIMEOUT, ERROR, UNAVAILABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean failed() {
            return this == TIMEOUT || this == ERROR || this == UNAVAILABLE;
        }
    }

    /** Hears every operation: how it ended and how long it took (metrics). Called on call and Lettuce threads. */
    @FunctionalInterface
    public interface Events {
        Events NONE = (operation, outcome, nanos) -> { };

        void operation(Operation operation, Outcome outcome, long nanos);
    }

    /**
     * What config.yml's {@code resultStore:} block says.
     *
     * @param uri the Redis to use
     * @param operationTimeout how long a get may wait for Redis before the call goes to the port
     * @param keyPrefix put before every key: instances share values when they share Redis and prefix
     * @param connectTimeout how long one connection attempt may take (in the background)
     */
    public record Settings(RedisURI uri, Duration operationTimeout, String keyPrefix, Duration connectTimeout) {
        public Settings {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (operationTimeout.isNegative() || operationTimeout.isZero()) {
                throw new IllegalArgumentException("operationTimeout must be positive, was " + operationTimeout);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisResultStore.class);
    static final String FETCHED_SECONDS = "s";
    static final String FETCHED_NANOS = "n";
    static final String VALUE = "v";
    /** Keeps the value unless Redis holds one fetched later; sets the expiry; 1 when it stored, 0 when it kept. */
    static final String PUT = """
            local held = redis.call('HMGET', KEYS[1], 's', 'n')
            if held[1] then
              local s, n = tonumber(held[1]), tonumber(held[2])
              local at, an = tonumber(ARGV[1]), tonumber(ARGV[2])
              if s > at or (s == at and n > an) then return 0 end
            end
            redis.call('HSET', KEYS[1], 's', ARGV[1], 'n', ARGV[2], 'v', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;
    /** A put nobody waits for still ends: Lettuce fails it after this (a hung Redis must not hold commands forever). */
    static final Duration PUT_TIMEOUT = Duration.ofSeconds(1);
    /** Commands waiting for Redis at most; beyond, they fail at once (a slow Redis must not grow the heap). */
    static final int MAX_QUEUED_COMMANDS = 10_000;
    /** The first connection attempts and Lettuce's reconnects back off from 100 ms to this. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);
    /** A failing Redis is logged at most this often. */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    /** Expiry of a value put without saying how long it is of use (not the engine's way). */
    static final Duration DEFAULT_KEEP = Duration.ofHours(1);

    private final Settings settings;
    private final ObjectMapper json;
    private final Map<String, JavaType> valueTypes;
    private final Events events;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService connector;
    private final long timeoutNanos;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final LongAdder failedSinceLogged = new LongAdder();
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos());
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile boolean closed;
    private int attempts;

    private RedisResultStore(Settings settings, ObjectMapper json, Map<String, JavaType> valueTypes, Events events) {
        this.settings = settings;
        this.json = json;
        this.valueTypes = valueTypes;
        this.events = events;
        this.timeoutNanos = settings.operationTimeout().toNanos();
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), MAX_RETRY_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, settings.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(MAX_QUEUED_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(PUT_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
                // Maintenance notifications are Redis Enterprise's; an open-source Redis refuses the handshake's command.
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build());
        this.connector = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("hearth-redis-connect").factory());
    }

    /**
     * A store on {@code settings.uri()}, connecting in the background: it answers at once, with misses until Redis is
     * reachable. Values are written with {@code json} and read back as the output type {@code ports} declares.
     */
    public static RedisResultStore start(Settings settings, ObjectMapper json, PortRegistry<?> ports, Events events) {
        RedisResultStore store = new RedisResultStore(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(json, "json"), valueTypes(json, ports), Objects.requireNonNull(events, "events"));
        store.connector.execute(store::connect);
        return store;
    }

    /** The type each port's values are read back as: its output type, or a list of its element type. */
    static Map<String, JavaType> valueTypes(ObjectMapper json, PortRegistry<?> ports) {
        Map<String, JavaType> types = new HashMap<>();
        for (String name : ports.names()) {
            PortDefinition<?, ?, ?> port = ports.find(name).orElseThrow();
            types.put(name, port.elementType()
                    .<JavaType>map(e -> json.getTypeFactory().constructCollectionType(List.class, e))
                    .orElseGet(() -> json.getTypeFactory().constructType(port.outputType())));
        }
        return Map.copyOf(types);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connectAsync(StringCodec.UTF8, settings.uri()).whenComplete((made, failure) -> {
                if (failure == null) {
                    connected(made);
                } else {
                    retry(failure);
                }
            });
        } catch (RuntimeException e) {
            retry(e);
        }
    }

    private void connected(StatefulRedisConnection<String, String> made) {
        if (closed) {
            made.closeAsync();
            return;
        }
        connection = made;
        LOG.info("result store: connected to Redis at {}; freshness and stale values are shared", where());
    }

    private void retry(Throwable failure) {
        if (closed) {
            return;
        }
        int attempt;
        synchronized (this) {
            attempt = ++attempts;
        }
        if (attempt == 1) {
            LOG.warn("result store: Redis at {} is not reachable ({}); values come from the ports until it is, "
                    + "trying again in the background", where(), failure.toString());
        }
        long delay = Math.min(MAX_RETRY_DELAY.toMillis(), 100L << Math.min(attempt - 1, 10));
        connector.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** True while a connection to Redis is open. */
    public boolean connected() {
        StatefulRedisConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public void put(ResultKey key, Object value, Instant fetchedAt) {
        put(key, value, fetchedAt, DEFAULT_KEEP);
    }

    @Override
    public void put(ResultKey key, Object value, Instant fetchedAt, Duration keepFor) {
        long started = System.nanoTime();
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || !c.isOpen()) {
            report(Operation.PUT, Outcome.UNAVAILABLE, started, null);
            return;
        }
        try {
            long ttl = Math.max(1, keepFor.toMillis() + (keepFor.toNanosPart() % 1_000_000 == 0 ? 0 : 1));
            RedisFuture<Long> stored = c.async().eval(PUT, ScriptOutputType.INTEGER, new String[] {redisKey(key)},
                    Long.toString(fetchedAt.getEpochSecond()), Integer.toString(fetchedAt.getNano()),
                    json.writeValueAsString(value), Long.toString(ttl));
            stored.whenComplete((result, failure) -> report(Operation.PUT, failure != null ? outcome(failure)
                    : Long.valueOf(1).equals(result) ? Outcome.STORED : Outcome.KEPT_LATER, started, failure));
        } catch (Exception e) { // the value's JSON, or Lettuce refusing the command
            report(Operation.PUT, outcome(e), started, e);
        }
    }

    @Override
    public Optional<StoredResult> get(ResultKey key) {
        long started = System.nanoTime();
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || !c.isOpen()) {
            report(Operation.GET, Outcome.UNAVAILABLE, started, null);
            return Optional.empty();
        }
        RedisFuture<List<KeyValue<String, String>>> answer = null;
        try {
            answer = c.async().hmget(redisKey(key), FETCHED_SECONDS, FETCHED_NANOS, VALUE);
            List<KeyValue<String, String>> fields = answer.get(timeoutNanos - (System.nanoTime() - started),
                    TimeUnit.NANOSECONDS);
            Optional<StoredResult> found = decode(key, fields);
            report(Operation.GET, found.isPresent() ? Outcome.HIT : Outcome.MISS, started, null);
            return found;
        } catch (TimeoutException e) {
            Optional<StoredResult> late = arrived(key, answer); // there by the time this thread ran again
            if (late != null) {
                report(Operation.GET, late.isPresent() ? Outcome.HIT : Outcome.MISS, started, null);
                return late;
            }
            answer.cancel(false);
            report(Operation.GET, Outcome.TIMEOUT, started, e);
        } catch (InterruptedException e) { // the call's own deadline: not Redis' fault, but the wait is over
            Thread.currentThread().interrupt();
            if (answer != null) {
                answer.cancel(false);
            }
            report(Operation.GET, Outcome.TIMEOUT, started, null);
        } catch (ExecutionException e) {
            report(Operation.GET, outcome(e.getCause()), started, e.getCause());
        } catch (Exception e) { // the input's or the value's JSON, or Lettuce refusing the command
            report(Operation.GET, outcome(e), started, e);
        }
        return Optional.empty();
    }

    /**
     * The answer if it came while this thread waited to run again after its deadline (a busy CPU): using it costs
     * nothing more. Null when it did not come, or came as a failure.
     */
    private Optional<StoredResult> arrived(ResultKey key, RedisFuture<List<KeyValue<String, String>>> answer) {
        if (!answer.isDone()) {
            return null;
        }
        try {
            return decode(key, answer.get());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    private Optional<StoredResult> decode(ResultKey key, List<KeyValue<String, String>> fields) throws Exception {
        if (fields.size() != 3 || !fields.get(2).hasValue()) {
            return Optional.empty();
        }
        JavaType type = valueTypes.get(key.port());
        if (type == null) {
            throw new IllegalStateException("no port named '" + key.port() + "' to read its stored value as");
        }
        Instant fetchedAt = Instant.ofEpochSecond(Long.parseLong(fields.get(0).getValue()),
                Long.parseLong(fields.get(1).getValue()));
        Object value = json.readValue(fields.get(2).getValue(), type);
        if (value instanceof List<?> list) {
            value = Collections.unmodifiableList(list);
        }
        return Optional.of(new StoredResult(value, fetchedAt));
    }

    /**
     * {@code <prefix><screen>:<path>:<port>:<input>}; the input (whose data it is: a customer, an account) as the
     * first 128 bits of the SHA-256 of its JSON, so no customer id is written in a key and keys stay short.
     */
    String redisKey(ResultKey key) throws Exception {
        byte[] input = json.writeValueAsBytes(key.input());
        return settings.keyPrefix() + key.screenId() + ':' + key.path() + ':' + key.port() + ':'
                + HexFormat.of().formatHex(ContentHash.sha256().digest(input), 0, 16);
    }

    private static Outcome outcome(Throwable failure) {
        if (failure instanceof RedisCommandTimeoutException || failure instanceof TimeoutException) {
            return Outcome.TIMEOUT;
        }
        if (failure instanceof RedisConnectionException
                || (failure != null && String.valueOf(failure.getMessage()).contains("not connected"))) {
            return Outcome.UNAVAILABLE;
        }
        return Outcome.ERROR;
    }

    /** Hands the outcome to {@link Events}; logs when operations fail, and once when they work again. */
    private void report(Operation operation, Outcome outcome, long started, Throwable failure) {
        try {
            events.operation(operation, outcome, System.nanoTime() - started);
        } catch (RuntimeException e) {
            LOG.warn("result store: its metrics failed", e);
        }
        // At most one warning per LOG_EVERY, and one line when it works again; logged on the connector's thread, so a
        // call thread never waits for a log appender.
        if (outcome.failed()) {
            failedSinceLogged.increment();
            long now = System.nanoTime();
            long last = lastWarned.get();
            if (now - last >= LOG_EVERY.toNanos() && lastWarned.compareAndSet(last, now)) {
                long failed = failedSinceLogged.sumThenReset();
                failing.set(true);
                log(() -> LOG.warn("result store: {} operation(s) on Redis at {} failed since the last warning, the "
                        + "latest a {} that ended {}{}; values come from the ports meanwhile (at most one warning per "
                        + "{} s)", failed, where(), operation.label(), outcome.label(),
                        failure == null ? "" : " (" + failure + ")", LOG_EVERY.toSeconds()));
            }
        } else if (failing.compareAndSet(true, false)) {
            log(() -> LOG.info("result store: Redis at {} answers again", where()));
        }
    }

    private void log(Runnable line) {
        try {
            connector.execute(line);
        } catch (RejectedExecutionException closing) {
            // closed: nothing to say
        }
    }

    private String where() {
        RedisURI uri = settings.uri();
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "ResultStore[redis " + where() + ", " + (connected() ? "connected" : "not connected") + ", prefix "
                + settings.keyPrefix() + "]";
    }
}
