package dev.hearth.adapters.out.http.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.http.AnswerDeadline;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cache on a clock and a timer the test moves by hand, and a token source that answers what the test says. */
class ClientCredentialsTokensTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ManualTimer timer = new ManualTimer();
    final Source source = new Source();
    final ClientCredentialsTokens tokens = new ClientCredentialsTokens("marketing", source, Duration.ofSeconds(10),
            Duration.ofSeconds(5), timer, now::get);

    @Test
    void manyCallsShareOneFetchAndOneToken() throws Exception {
        source.answer(token("t1", 60));
        List<Thread> callers = new ArrayList<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                try {
                    seen.add(tokens.token());
                } catch (IOException e) {
                    seen.add(e.toString());
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join(5_000);
        }
        for (int i = 0; i < 100; i++) {
            seen.add(tokens.token());
        }

        assertThat(seen).hasSize(120).containsOnly("t1");
        assertThat(source.fetches).hasValue(1);
    }

    @Test
    void refreshesAheadOfExpiryInTheBackgroundWhileCallsKeepUsingTheCurrentToken() throws Exception {
        source.answer(token("t1", 60));
        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(timer.delays).containsExactly(Duration.ofSeconds(50)); // refreshBefore 10 s of a 60 s lifetime

        CountDownLatch release = source.answerLater(token("t2", 60));
        now.addAndGet(Duration.ofSeconds(50).toNanos());
        timer.fire(); // the refresh is due: fetched on a thread of its own, which the endpoint keeps waiting

        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(tokens.token()).isEqualTo("t1"); // still usable: calls do not wait for the refresh
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        awaitFetches(2); // the refresh runs on a thread of its own, which may not have reached the endpoint yet
        assertThat(source.fetches).hasValue(2);

        release.countDown();
        awaitToken("t2");
        assertThat(source.fetches).hasValue(2);
    }

    @Test
    void aCallSeeingTheTokenDueStartsTheRefreshWithoutWaitingForIt() throws Exception {
        source.answer(token("t1", 60));
        assertThat(tokens.token()).isEqualTo("t1");
        CountDownLatch release = source.answerLater(token("t2", 60));
        now.addAndGet(Duration.ofSeconds(51).toNanos()); // the timer's refresh did not run (yet)

        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(tokens.token()).isEqualTo("t1");
        release.countDown();
        awaitToken("t2");
        assertThat(source.fetches).hasValue(2);
    }

    @Test
    void aFailedRefreshKeepsTheCurrentTokenAndTriesAgainAfterABackoff() throws Exception {
        source.answer(token("t1", 60));
        tokens.token();
        source.fail(new IOException("the token endpoint of marketing (http://idp) answered 503"));
        now.addAndGet(Duration.ofSeconds(50).toNanos());
        timer.fire();
        awaitFetches(2);
        awaitDelay(ClientCredentialsTokens.FIRST_BACKOFF);

        assertThat(tokens.token()).isEqualTo("t1");
        source.answer(token("t2", 60));
        timer.fire();
        awaitToken("t2");
    }

    @Test
    void withoutAUsableTokenACallFailsWithTheEndpointsFailureAndTheNextOnesFailFastUntilTheBackoffEnds() throws Exception {
        source.fail(new IOException("the token endpoint of marketing (http://idp) failed: connection refused"));

        assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokenUnavailableException.class)
                .hasMessage("marketing: no service token: the token endpoint of marketing (http://idp) failed: connection refused");
        assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokenUnavailableException.class);
        assertThat(source.fetches).as("within the backoff nobody asks the endpoint again").hasValue(1);

        now.addAndGet(ClientCredentialsTokens.FIRST_BACKOFF.toNanos());
        source.answer(token("t1", 60));
        assertThat(tokens.token()).isEqualTo("t1");
        assertThat(source.fetches).hasValue(2);
    }

    @Test
    void anExpiredTokenIsNeverSent() throws Exception {
        source.answer(token("t1", 60));
        tokens.token();
        source.fail(new IOException("down"));
        now.addAndGet(Duration.ofSeconds(55).toNanos()); // usable until 60 s - 5 s

        assertThatThrownBy(tokens::token).isInstanceOf(ServiceTokenUnavailableException.class).hasMessageContaining("down");
    }

    @Test
    void aCallWaitingForTheFirstTokenEndsWhenItsThreadIsInterrupted() throws Exception {
        source.answerLater(token("t1", 60));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                tokens.token();
            } catch (IOException e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitFetches(1);
        caller.interrupt();
        caller.join(5_000);

        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void aCallWaitsAtMostMaxWait() {
        ClientCredentialsTokens quick = new ClientCredentialsTokens("marketing", source, Duration.ofSeconds(10),
                Duration.ofMillis(100), timer, now::get);
        source.answerLater(token("t1", 60));

        assertThatThrownBy(quick::token).isInstanceOf(ServiceTokenUnavailableException.class)
                .hasMessage("marketing: no service token within 100 ms (the token endpoint is slow)");
    }

    @Test
    void aRefusedTokenIsDroppedAndANewOneFetched() throws Exception {
        source.answer(token("t1", 60));
        tokens.token();
        source.answer(token("t2", 60));

        tokens.rejected("t0"); // an older token: nothing happens
        assertThat(tokens.token()).isEqualTo("t1");
        tokens.rejected("t1");
        assertThat(tokens.token()).isEqualTo("t2");
        assertThat(source.fetches).hasValue(2);
    }

    @Test
    void aShortLivedTokenIsRefreshedAtHalfItsLifetime() throws Exception {
        source.answer(token("t1", 4));
        tokens.token();

        assertThat(timer.delays).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void theTokenNeverShowsInToString() {
        assertThat(token("secret-value", 60).toString()).doesNotContain("secret-value");
    }

    private void awaitToken(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!expected.equals(tokens.token()) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(tokens.token()).isEqualTo(expected);
    }

    private void awaitFetches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (source.fetches.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(source.fetches).hasValue(count);
    }

    private void awaitDelay(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!timer.delays.contains(delay) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(timer.delays).contains(delay);
    }

    private static ServiceToken token(String value, int seconds) {
        return new ServiceToken(value, Duration.ofSeconds(seconds));
    }

    /** Answers each fetch with what the test queued last, at once or when released. */
    static final class Source implements TokenSource {
        final AtomicInteger fetches = new AtomicInteger();
        private volatile ServiceToken answer;
        private volatile IOException failure;
        private volatile CountDownLatch release = new CountDownLatch(0);

        void answer(ServiceToken token) {
            answer = token;
            failure = null;
            release = new CountDownLatch(0);
        }

        CountDownLatch answerLater(ServiceToken token) {
            answer(token);
            release = new CountDownLatch(1);
            return release;
        }

        void fail(IOException e) {
            failure = e;
            release = new CountDownLatch(0);
        }

        @Override
        public ServiceToken fetch() throws IOException {
            fetches.incrementAndGet();
            CountDownLatch latch = release;
            IOException fail = failure;
            ServiceToken token = answer;
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
            if (fail != null) {
                throw fail;
            }
            return token;
        }
    }

    /** Keeps the scheduled tasks; {@link #fire()} runs those not cancelled. */
    static final class ManualTimer implements AnswerDeadline.Scheduler {
        final List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            delays.add(delay);
            AtomicBoolean cancelled = new AtomicBoolean();
            tasks.add(() -> {
                if (!cancelled.get()) {
                    task.run();
                }
            });
            return () -> cancelled.set(true);
        }

        void fire() {
            List<Runnable> due = new ArrayList<>();
            tasks.drainTo(due);
            due.forEach(Runnable::run);
        }
    }
}
