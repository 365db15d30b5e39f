package dev.hearth.home.runtime;

import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.home.testing.RedisServer;
import dev.hearth.ports.domain.model.CustomerId;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What one store operation costs against a local redis-server: the latency of a get (a hit, decoded) and of a put
 * (the caller's part, and the round trip until Redis answered), p50 and p99 of 20,000 each after 20,000 to warm up.
 * Not part of the build (its name matches neither *Test nor *IT); run it with
 * {@code ./mvnw -o -q -pl home-service -am test -Dtest=RedisResultStoreLatency -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RedisResultStoreLatency {
    static final int N = 20_000;

    @Test
    void measure() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            List<Long> putRoundTrips = new CopyOnWriteArrayList<>();
            RedisResultStore store = RedisResultStore.start(new RedisResultStore.Settings(RedisURI.create(redis.uri()),
                    Duration.ofSeconds(1), "latency:", Duration.ofSeconds(1)), RedisResultStoreIT.JSON,
                    RedisResultStoreIT.PORTS, (operation, outcome, nanos) -> {
                        if (operation == RedisResultStore.Operation.PUT) {
                            putRoundTrips.add(nanos);
                        }
                    });
            try (store) {
                RedisResultStoreIT.awaitConnected(store);
                List<Long> gets = new ArrayList<>();
                List<Long> puts = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    gets.clear();
                    puts.clear();
                    putRoundTrips.clear();
                    for (int i = 0; i < N; i++) {
                        ResultKey key = new ResultKey("home", "openBanking", "openBanking", new CustomerId("c-" + i % 100));
                        long t = System.nanoTime();
                        store.put(key, RedisResultStoreIT.BALANCES, RedisResultStoreIT.FETCHED.plusNanos(i),
                                Duration.ofMinutes(10));
                        puts.add(System.nanoTime() - t);
                        Thread.sleep(0, 50_000); // one put answered before the next get, as in a screen
                        t = System.nanoTime();
                        store.get(key).orElseThrow();
                        gets.add(System.nanoTime() - t);
                    }
                }
                Thread.sleep(200);
                System.out.printf("result store on local redis-server, %d each:%n", N);
                System.out.printf("  get (hit, 2 balances decoded): p50 %s  p99 %s%n", p(gets, 50), p(gets, 99));
                System.out.printf("  put, the caller's part:        p50 %s  p99 %s%n", p(puts, 50), p(puts, 99));
                System.out.printf("  put, until Redis answered:     p50 %s  p99 %s%n", p(putRoundTrips, 50),
                        p(putRoundTrips, 99));
                String key = redis.keys().getFirst();
                System.out.printf("  a key: %s, its value %d bytes of JSON%n", key,
                        redis.call(r -> r.hget(key, "v")).length());
            }
        }
    }

    static String p(List<Long> nanos, int percent) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return String.format("%.3f ms", sorted.get(Math.max(0, sorted.size() * percent / 100 - 1)) / 1e6);
    }
}
