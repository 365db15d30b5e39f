package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Load shedding without a queue, the minimum call time, calls in flight, and failing fast. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdmissionAndFailFastTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Ports that sleep 100 ms of virtual time: blocked, so they hold their place in flight. */
    private void blockedPorts(String... names) {
        for (String name : names) {
            h.port(name, String.class, String.class, 100, in -> name);
        }
    }

    @Test
    void optionalCallsAreShedBeforeRequiredOnesWithBulkheadFull() throws Exception {
        blockedPorts("profile", "banners", "accounts");
        h.tune(b -> b.maxInFlightCalls(2).optionalShare(0.5));
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").required().build())
                .section(Section.builder("banners").port("banners").optional().fallback(Fallback.omit()).build())
                .section(Section.builder("accounts").port("accounts").required().build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.failure()).isEmpty();
        assertThat(result.section("profile").orElseThrow().status()).isEqualTo(SectionStatus.OK);
        assertThat(result.section("accounts").orElseThrow().status()).isEqualTo(SectionStatus.OK);
        assertThat(result.section("banners").orElseThrow())
                .isEqualTo(SectionResult.omitted("banners", Reason.BULKHEAD_FULL));
        assertThat(h.calls("banners")).as("never started").isZero();
        assertThat(h.records).filteredOn(r -> r.port().equals("banners"))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains(Reason.BULKHEAD_FULL));
    }

    @Test
    void requiredCallsAreShedAtTheHardLimitAndTheScreenFailsAtOnce() throws Exception {
        blockedPorts("profile", "accounts", "cards");
        h.tune(b -> b.maxInFlightCalls(2).optionalShare(1.0));
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").required().build())
                .section(Section.builder("accounts").port("accounts").required().build())
                .section(Section.builder("cards").port("cards").required().build())
                .build();
        AggregationEngine<String> engine = h.engine();

        ScreenResult result = engine.execute(engine.compile(screen), Harness.request());

        assertThat(result.failure().orElseThrow().sectionId()).isEqualTo("cards");
        assertThat(result.failure().orElseThrow().reason()).isEqualTo(Reason.BULKHEAD_FULL);
        assertThat(h.calls("cards")).isZero();
        assertThat(h.allThreadsEnded()).isTrue();
        assertThat(engine.inFlightCalls()).isZero();
    }

    @Test
    void callsInFlightAreCountedWhileRunningAndNothingIsLeftAfterARequest() throws Exception {
        AtomicReference<AggregationEngine<String>> engine = new AtomicReference<>();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        h.register(PortDefinition.of("a", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(10));
            seen.add(engine.get().inFlightCalls());
            return in;
        })).port("slow", String.class, String.class, 10_000, in -> in);
        engine.set(h.engine());
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("a").port("a").required().build())
                .section(Section.builder("slow").port("slow").optional().deadline(ms(100)).build())
                .build();

        ScreenResult result = engine.get().execute(engine.get().compile(screen), Harness.request());

        assertThat(result.section("slow").orElseThrow().reason()).contains(Reason.TIMEOUT);
        assertThat(seen).containsExactly(2);
        assertThat(h.allThreadsEnded()).isTrue();
        assertThat(engine.get().inFlightCalls()).isZero();
    }

    @Test
    void aCallIsNotStartedWhenTheRemainingBudgetCannotFitOne() {
        h.port("account", String.class, String.class, 97, in -> in)
                .port("activities", String.class, String.class, 1, in -> in);
        Screen screen = Screen.builder("detail").budget(ms(100))
                .section(Section.builder("account").port("account").required().build())
                .section(Section.builder("activities").port("activities").from(Source.section("account")).optional()
                        .fallback(Fallback.omit()).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.section("activities").orElseThrow().reason()).contains(Reason.TIMEOUT);
        assertThat(h.calls("activities")).as("3 ms left, 5 ms needed: not started").isZero();
        assertThat(h.time.elapsed()).isEqualTo(ms(97));
    }

    @Test
    void aSmallerMinimumCallTimeLetsTheSameCallStart() {
        h.port("account", String.class, String.class, 97, in -> in)
                .port("activities", String.class, String.class, 1, in -> in + ">activities")
                .tune(b -> b.minimumCallTime(ms(2)));
        Screen screen = Screen.builder("detail").budget(ms(100))
                .section(Section.builder("account").port("account").required().build())
                .section(Section.builder("activities").port("activities").from(Source.section("account")).optional()
                        .build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.section("activities").orElseThrow()).isEqualTo(SectionResult.ok("activities", "c-1>activities"));
    }

    @Test
    void admissionSettingsAreChecked() {
        assertThatThrownBy(() -> AggregationEngine.builder(String.class).maxInFlightCalls(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> AggregationEngine.builder(String.class).optionalShare(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optionalShare");
        assertThatThrownBy(() -> AggregationEngine.builder(String.class).optionalShare(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optionalShare");
        assertThatThrownBy(() -> AggregationEngine.builder(String.class).minimumCallTime(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCallTime");
    }

    /**
     * A required section fails at 10 ms; another call is still running (not sleeping, so virtual time stops at
     * 10 ms until it ends). Waiting for the budget would never return (the test would time out): execute must
     * return at the failure and interrupt it, at 10 ms. (Time may move on after that call ended, while the engine is
     * interrupting the others, so the time is read when the call was interrupted.)
     */
    @Test
    void whenARequiredSectionFailsExecuteReturnsAtOnceAndInterruptsTheRest() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Thread> busy = new AtomicReference<>();
        AtomicReference<Duration> busyInterruptedAt = new AtomicReference<>();
        AtomicInteger sleeperInterrupts = new AtomicInteger();
        h.port("profile", String.class, String.class, 10, in -> {
            throw new IllegalStateException("profile service is down");
        }).register(PortDefinition.of("busy", String.class, String.class, (in, c) -> {
            busy.set(Thread.currentThread());
            h.time.sleep(ms(10));
            try {
                never.await();
            } catch (InterruptedException e) {
                busyInterruptedAt.set(h.time.elapsed());
                throw e;
            }
            return in;
        })).register(PortDefinition.of("sleeper", String.class, String.class, (in, c) -> {
            try {
                h.time.sleep(ms(10_000));
            } catch (InterruptedException e) {
                sleeperInterrupts.incrementAndGet();
                throw e;
            }
            return in;
        }));
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").required().build())
                .section(Section.builder("busy").port("busy").optional().build())
                .section(Section.builder("sleeper").port("sleeper").optional().fallback(Fallback.omit()).build())
                .build();
        AggregationEngine<String> engine = h.engine();

        ScreenResult result = engine.execute(engine.compile(screen), Harness.request());

        assertThat(result.failure().orElseThrow().sectionId()).isEqualTo("profile");
        assertThat(result.failure().orElseThrow().reason()).isEqualTo(Reason.ERROR);
        assertThat(result.section("busy").orElseThrow())
                .isEqualTo(SectionResult.failed("busy", Reason.DEPENDENCY_FAILED));
        assertThat(h.allThreadsEnded()).as("every call thread ended").isTrue();
        assertThat(busyInterruptedAt.get()).as("returned and interrupted at the failure, not at the budget")
                .isEqualTo(ms(10));
        assertThat(sleeperInterrupts.get()).isEqualTo(1);
        assertThat(engine.inFlightCalls()).isZero();
    }

    @Test
    void aDependentSectionDoesNotStartACallAfterTheRequestAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        h.port("profile", String.class, String.class, 10, in -> {
            throw new IllegalStateException("down");
        }).register(PortDefinition.of("stubborn", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(10));
            while (true) {
                try {
                    release.await();
                    return in;
                } catch (InterruptedException swallowed) {
                    // a port that ignores interrupts and answers anyway
                }
            }
        })).port("after", String.class, String.class, 1, in -> in);
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").required().build())
                .section(Section.builder("stubborn").port("stubborn").optional().build())
                .section(Section.builder("after").port("after").from(Source.section("stubborn")).optional().build())
                .build();
        AggregationEngine<String> engine = h.engine();

        engine.execute(engine.compile(screen), Harness.request());
        release.countDown();

        assertThat(h.allThreadsEnded()).isTrue();
        assertThat(h.calls("after")).isZero();
        assertThat(engine.inFlightCalls()).isZero();
    }
}
