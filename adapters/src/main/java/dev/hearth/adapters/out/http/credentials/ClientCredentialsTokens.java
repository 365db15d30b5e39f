package dev.hearth.adapters.out.http.credentials;

import dev.hearth.adapters.out.http.AnswerDeadline;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One downstream's service token: fetched from its {@link TokenSource}, cached until shortly before it expires and
 * refreshed ahead of that in the background, so calls do not wait for it.
 *
 * <p><b>When a call waits.</b> {@link #token()} returns at once while the cached token is usable. It waits only when
 * there is none at all (the first call, or every refresh failed until the token ran out, or the downstream refused
 * it with 401): then it joins the one fetch under way, or starts it, and waits at most {@code maxWait}, ending
 * earlier when its thread is interrupted (the engine's deadline of the call). Right after a failed fetch, within the
 * back-off, a call without a token fails at once with that failure instead of asking the endpoint again.
 *
 * <p><b>Threads.</b> A fetch runs on a virtual thread of its own, one at a time per downstream (concurrent callers
 * share it). Refreshes are scheduled on the given {@link AnswerDeadline.Scheduler} (Hearth's timer): at
 * {@code refreshAt}, and after a failed refresh again after a back-off (from 500 ms, doubling to 5 s) while the
 * current token is still usable. A call that sees the token past its refresh time also starts a refresh, without
 * waiting for it (in case the timer's refresh failed and its retry is not due yet).
 *
 * <p><b>Times.</b> A token's lifetime counts from when its request was sent. It is <i>usable</i> until a tenth of its
 * lifetime (at most 5 s) before it expires, leaving room for the call it is sent with; it is <i>refreshed</i> when
 * {@code refreshBefore} of its lifetime is left, or half of it if that is shorter.
 *
 * <p>Thread-safe.
 */
public final class ClientCredentialsTokens implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsTokens.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(5);

    /** A token and, on the {@link #nanoTime} scale, until when it is sent and when it is replaced. */
    private record Held(ServiceToken token, long usableUntil, long refreshAt) {
    }

    /** The last fetch failed: its failure, and until when no call starts another. */
    private record Failure(IOException cause, long retryAt, Duration backoff) {
    }

    private final String downstream;
    private final TokenSource source;
    private final Duration refreshBefore;
    private final Duration maxWait;
    private final AnswerDeadline.Scheduler scheduler;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();

    private volatile Held current;
    // guarded by lock
    private CompletableFuture<Held> fetching;
    private Failure failure;
    private Runnable scheduled = () -> { };
    private boolean closed;

    /**
     * @param downstream    whose tokens, as messages name it
     * @param refreshBefore how much of a token's lifetime is left when it is refreshed (capped at half of it)
     * @param maxWait       the most a call without a token waits for one (its thread's interrupt ends it sooner)
     * @param scheduler     where refreshes are scheduled
     */
    public ClientCredentialsTokens(String downstream, TokenSource source, Duration refreshBefore, Duration maxWait,
            AnswerDeadline.Scheduler scheduler) {
        this(downstream, source, refreshBefore, maxWait, scheduler, System::nanoTime);
    }

    ClientCredentialsTokens(String downstream, TokenSource source, Duration refreshBefore, Duration maxWait,
            AnswerDeadline.Scheduler scheduler, LongSupplier nanoTime) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.source = Objects.requireNonNull(source, "source");
        this.refreshBefore = positive(refreshBefore, "refreshBefore");
        this.maxWait = positive(maxWait, "maxWait");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Starts fetching the first token in the background, so the first call likely finds one. */
    public void prefetch() {
        synchronized (lock) {
            if (current == null && fetching == null) {
                startFetch();
            }
        }
    }

    /**
     * The token to send now: the cached one while it is usable (refreshing it in the background once it is due),
     * otherwise the result of a fetch, waited for as the class says.
     *
     * @throws ServiceTokenUnavailableException no token within the wait, or the fetch failed (now or just before)
     * @throws InterruptedIOException           the thread was interrupted while waiting; its interrupt flag stays set
     */
    public String token() throws IOException {
        Held held = current;
        long now = nanoTime.getAsLong();
        if (held != null && now - held.usableUntil() < 0) {
            if (now - held.refreshAt() >= 0) {
                refreshIfDue(held, now);
            }
            return held.token().value();
        }
        CompletableFuture<Held> fetch;
        synchronized (lock) {
            held = current;
            if (held != null && now - held.usableUntil() < 0) {
                return held.token().value();
            }
            if (closed) {
                throw new ServiceTokenUnavailableException(downstream + ": no service token, the client is closed", null);
            }
            if (fetching == null) {
                if (failure != null && now - failure.retryAt() < 0) {
                    throw unavailable(failure.cause());
                }
                startFetch();
            }
            fetch = fetching;
        }
        try {
            return fetch.get(maxWait.toNanos(), TimeUnit.NANOSECONDS).token().value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(downstream + ": interrupted waiting for a service token");
            interrupted.initCause(e);
            throw interrupted;
        } catch (TimeoutException e) {
            throw new ServiceTokenUnavailableException(downstream + ": no service token within " + maxWait.toMillis()
                    + " ms (the token endpoint is slow)", e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (CancellationException e) {
            throw new ServiceTokenUnavailableException(downstream + ": no service token, the client is closed", e);
        }
    }

    /**
     * The downstream refused {@code token} (401): it is dropped, if it is still the one held, and a new one fetched.
     * Calls until then wait for the new one.
     */
    public void rejected(String token) {
        synchronized (lock) {
            Held held = current;
            if (held != null && held.token().value().equals(token)) {
                LOG.warn("{} refused its service token (401); fetching a new one", downstream);
                current = null;
                failure = null;
                if (fetching == null && !closed) {
                    startFetch();
                }
            }
        }
    }

    /** Stops scheduling refreshes; a call waiting for a token fails. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            scheduled.run();
            if (fetching != null) {
                fetching.cancel(false);
            }
        }
    }

    private void refreshIfDue(Held seen, long now) {
        synchronized (lock) {
            if (current == seen && fetching == null && !closed && (failure == null || now - failure.retryAt() >= 0)) {
                startFetch();
            }
        }
    }

    /** Called with the lock held and no fetch under way. */
    private void startFetch() {
        CompletableFuture<Held> fetch = new CompletableFuture<>();
        fetching = fetch;
        scheduled.run();
        scheduled = () -> { };
        Thread.ofVirtual().name("service-token-" + downstream).start(() -> run(fetch));
    }

    private void run(CompletableFuture<Held> fetch) {
        long sent = nanoTime.getAsLong();
        ServiceToken token;
        try {
            token = source.fetch();
        } catch (IOException | RuntimeException e) {
            failed(fetch, e instanceof IOException io ? io : new IOException(e.toString(), e));
            return;
        }
        long lifetime = token.lifetime().toNanos();
        long margin = Math.min(lifetime / 10, MAX_MARGIN.toNanos());
        long ahead = Math.min(refreshBefore.toNanos(), lifetime / 2);
        Held held = new Held(token, sent + lifetime - margin, sent + lifetime - ahead);
        synchronized (lock) {
            if (fetching == fetch) {
                fetching = null;
            }
            if (closed) {
                fetch.cancel(false);
                return;
            }
            current = held;
            failure = null;
            schedule(Duration.ofNanos(Math.max(0, held.refreshAt() - nanoTime.getAsLong())));
        }
        fetch.complete(held);
    }

    private void failed(CompletableFuture<Held> fetch, IOException cause) {
        synchronized (lock) {
            if (fetching == fetch) {
                fetching = null;
            }
            Duration backoff = failure == null ? FIRST_BACKOFF : min(failure.backoff().multipliedBy(2), MAX_BACKOFF);
            long now = nanoTime.getAsLong();
            failure = new Failure(cause, now + backoff.toNanos(), backoff);
            Held held = current;
            boolean stillUsable = held != null && now - held.usableUntil() < 0;
            LOG.warn("{}: fetching a service token failed ({}); {}", downstream, cause.getMessage(), stillUsable
                    ? "the current one stays in use, next try in " + backoff.toMillis() + " ms"
                    : "its calls fail until a fetch succeeds, the next one no sooner than in " + backoff.toMillis() + " ms");
            if (stillUsable && !closed) {
                schedule(backoff);
            }
        }
        fetch.completeExceptionally(cause);
    }

    /** Called with the lock held: the one scheduled refresh, replacing any other. */
    private void schedule(Duration delay) {
        scheduled.run();
        scheduled = scheduler.schedule(delay, () -> {
            synchronized (lock) {
                if (fetching == null && !closed) {
                    startFetch();
                }
            }
        });
    }

    private ServiceTokenUnavailableException unavailable(Throwable cause) {
        String why = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
        return new ServiceTokenUnavailableException(downstream + ": no service token: " + why, cause);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }
}
