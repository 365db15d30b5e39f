package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The follower the rollout, the kill switches and the experiments share, with a store in memory: the last value kept
 * while the database is away, the log's budget (the first failure, then every 60th; the recovery), the newer value
 * kept when told so, the polls every interval, and close stopping them and interrupting a read in progress.
 */
class DatabaseFollowerTest {
    /** Generous: the polls below are 50 ms apart, so a working follower is read many times within this. */
    static final long WAIT_SECONDS = 20;

    /** A stored value in memory: {@code down} makes a read fail as a database away would; counts the reads. */
    static class Store implements DatabaseFollower.Source<String> {
        volatile String value = "v1";
        volatile boolean down;
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String read() {
            reads.incrementAndGet();
            if (down) {
                throw new IllegalStateException("Connection refused (the database is down)");
            }
            return value;
        }

        @Override
        public String describe(String value) {
            return "value " + value;
        }
    }

    final Logger log = (Logger) LoggerFactory.getLogger("test.DatabaseFollowerTest");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureTheLog() {
        log.setLevel(Level.INFO);
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void stop() {
        log.detachAppender(lines);
    }

    private DatabaseFollower<String> following(DatabaseFollower.Source<String> store, Duration interval) {
        return new DatabaseFollower<>("the test value", "test.pollInterval", log, "initial", store, interval,
                "test-poller");
    }

    private List<String> logged(Level level) {
        return lines.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theLastValueStaysWhileTheDatabaseIsAwayAndTheLogSaysSoOnceThenEverySixtiethFailure() {
        Store store = new Store();
        try (DatabaseFollower<String> follower = following(store, Duration.ofHours(1))) {
            assertThat(follower.current()).isEqualTo("v1");
            assertThat(logged(Level.INFO)).containsExactly("Following the test value: value v1");

            store.down = true;
            store.value = "v2";
            follower.refresh();
            assertThat(follower.current()).isEqualTo("v1");
            assertThat(follower.refreshFailures()).isEqualTo(1);
            assertThat(logged(Level.WARN)).containsExactly(
                    "Cannot read the test value from the database (1 times in a row); following value v1");
            assertThat(lines.list.getLast().getThrowableProxy().getMessage()).contains("Connection refused");

            for (int i = 2; i <= 59; i++) {
                follower.refresh();
            }
            assertThat(logged(Level.WARN)).hasSize(1);
            follower.refresh();
            assertThat(logged(Level.WARN)).hasSize(2).last().isEqualTo(
                    "Cannot read the test value from the database (60 times in a row); following value v1");
            for (int i = 61; i <= 120; i++) {
                follower.refresh();
            }
            assertThat(logged(Level.WARN)).hasSize(3).last().asString().contains("(120 times in a row)");
            assertThat(follower.refreshFailures()).isEqualTo(120);
            assertThat(follower.current()).isEqualTo("v1");

            store.down = false;
            follower.refresh();
            assertThat(follower.current()).isEqualTo("v2");
            assertThat(follower.refreshFailures()).isZero();
            assertThat(logged(Level.INFO)).containsExactly("Following the test value: value v1",
                    "Following the test value: value v2",
                    "Reading the test value from the database again after 120 failed reads");

            follower.refresh(); // the same value again: nothing to say
            assertThat(lines.list).hasSize(6);

            store.down = true;
            follower.refresh(); // a new outage: its first failure is logged again
            assertThat(logged(Level.WARN)).hasSize(4).last().asString().contains("(1 times in a row)");
        }
    }

    @Test
    void aStartWithoutTheDatabaseFollowsTheInitialValueUntilItAnswers() {
        Store store = new Store();
        store.down = true;
        try (DatabaseFollower<String> follower = following(store, Duration.ofHours(1))) {
            assertThat(follower.current()).isEqualTo("initial");
            assertThat(follower.refreshFailures()).isEqualTo(1);
            store.down = false;
            follower.refresh();
            assertThat(follower.current()).isEqualTo("v1");
        }
    }

    @Test
    void aValueOlderThanTheOneKnownIsNotFollowedWhenTheSourceSaysSo() {
        Store store = new Store() {
            @Override
            public String newer(String known, String read) {
                return read.compareTo(known) >= 0 ? read : known;
            }
        };
        store.value = "v5";
        try (DatabaseFollower<String> follower = following(store, Duration.ofHours(1))) {
            follower.follow("v7"); // changed here, before another poll read the older row
            assertThat(follower.current()).isEqualTo("v7");
            follower.refresh();
            assertThat(follower.current()).isEqualTo("v7");
        }
    }

    @Test
    void anIntervalThatIsNotPositiveIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> following(new Store(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test.pollInterval must be positive, e.g. 1s; not PT0S");
    }

    /** Waits (up to {@link #WAIT_SECONDS}) until {@code condition} holds; false if it never did. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Test
    void itPollsEveryIntervalAndCloseStopsThePolls() throws InterruptedException {
        Store store = new Store();
        DatabaseFollower<String> follower = following(store, Duration.ofMillis(50));
        assertThat(follower.current()).isEqualTo("v1");
        store.value = "v2"; // as another instance would change it
        assertThat(eventually(() -> follower.current().equals("v2"))).as("the change followed by a poll").isTrue();

        follower.close();
        int reads = store.reads.get();
        Thread.sleep(500); // ten intervals: a follower still polled would be read again
        assertThat(store.reads.get()).isEqualTo(reads);
    }

    @Test
    void closeInterruptsTheReadInProgressAndWaitsForIt() throws InterruptedException {
        CountDownLatch reading = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean hang = new AtomicBoolean();
        Store store = new Store() {
            @Override
            public String read() {
                if (hang.get()) {
                    reading.countDown();
                    try {
                        Thread.sleep(Duration.ofMinutes(10)); // a database that does not answer
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw new IllegalStateException("interrupted", e);
                    }
                }
                return super.read();
            }
        };
        DatabaseFollower<String> follower = following(store, Duration.ofMillis(50));
        hang.set(true);
        assertThat(reading.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("a poll started reading").isTrue();

        long start = System.nanoTime();
        follower.close();
        assertThat(interrupted).as("the read was interrupted before close returned").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DatabaseFollower.CLOSE_WAIT);
        assertThat(logged(Level.WARN)).noneMatch(line -> line.contains("did not stop"));
    }
}
