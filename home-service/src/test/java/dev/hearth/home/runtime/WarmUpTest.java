package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void buildsEveryHomeOnceThenIsWarmed() {
        WarmUp warmUp = new WarmUp(50, 4, Duration.ofMinutes(1));
        Set<Integer> built = ConcurrentHashMap.newKeySet();
        assertThat(warmUp.warmed()).as("before it ran").isFalse();

        warmUp.run(i -> {
            assertThat(built.add(i)).as("home %d once", i).isTrue();
            return 200;
        });

        assertThat(built).hasSize(50);
        assertThat(warmUp.warmed()).isTrue();
        assertThat(warmUp.status()).startsWith("done: 50 homes in ");
    }

    @Test
    void buildsConcurrencyHomesAtOnce() throws Exception {
        WarmUp warmUp = new WarmUp(8, 4, Duration.ofMinutes(1));
        CountDownLatch four = new CountDownLatch(4);
        AtomicInteger together = new AtomicInteger();

        warmUp.run(i -> {
            four.countDown();
            try {
                if (four.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    together.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });

        assertThat(together.get()).as("every home got past the latch of four: four ran at once").isEqualTo(8);
    }

    @Test
    void aFailingHomeNeitherStopsNorFailsTheWarmUp() {
        WarmUp warmUp = new WarmUp(10, 2, Duration.ofMinutes(1));

        warmUp.run(i -> {
            if (i % 5 == 0) {
                throw new IllegalStateException("downstream said no");
            }
            return i == 3 ? 503 : 200;
        });

        assertThat(warmUp.warmed()).isTrue();
        assertThat(warmUp.status()).startsWith("done: 10 homes in ").endsWith(", 3 not 200");
    }

    @Test
    void givesUpAfterItsTimeoutAndIsReadyAnyway() {
        WarmUp warmUp = new WarmUp(1_000_000, 2, Duration.ofMillis(300));

        warmUp.run(i -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });

        assertThat(warmUp.warmed()).isTrue();
        assertThat(warmUp.status()).startsWith("gave up after warmUp.timeout 300ms: ");
    }

    @Test
    void noHomesIsWarmedFromTheStart() {
        WarmUp off = new WarmUp(0, 1, Duration.ofSeconds(1));

        assertThat(off.warmed()).isTrue();
        assertThat(off.status()).isEqualTo("off (warmUp.homes: 0)");
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new WarmUp(-1, 1, Duration.ofSeconds(1))).hasMessageContaining("warmUp.homes");
        assertThatThrownBy(() -> new WarmUp(1, 0, Duration.ofSeconds(1))).hasMessageContaining("warmUp.concurrency");
    }
}
