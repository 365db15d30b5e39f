package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestScopeTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aCallPastItsDeadlineIsInterruptedAndItsThreadEnds() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        h.register(PortDefinition.of("slow", String.class, String.class, (in, c) -> {
            thread.set(Thread.currentThread());
            try {
                h.time.sleep(ms(10_000));
                return in;
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }));
        Screen screen = Screen.builder("s").budget(ms(500))
                .section(Section.builder("slow").port("slow").optional().deadline(ms(100)).fallback(Fallback.omit()).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.section("slow").orElseThrow().reason()).contains(Reason.TIMEOUT);
        assertThat(thread.get().join(Duration.ofSeconds(10))).as("the call thread ended").isTrue();
        assertThat(interrupted.get()).as("the port saw the interrupt").isTrue();
        assertThat(h.time.elapsed()).isEqualTo(ms(100));
    }

    @Test
    void executeDoesNotWaitForACallThatSwallowsItsInterrupt() throws Exception {
        AtomicInteger interrupts = new AtomicInteger();
        AtomicReference<Thread> thread = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        h.register(PortDefinition.of("stubborn", String.class, String.class, (in, c) -> {
            thread.set(Thread.currentThread());
            try {
                h.time.sleep(ms(10_000));
            } catch (InterruptedException swallowed) {
                interrupts.incrementAndGet();
            }
            try {
                release.await();
            } catch (InterruptedException again) {
                interrupts.incrementAndGet();
            }
            return in;
        }));
        Screen screen = Screen.builder("s").budget(ms(500))
                .section(Section.builder("stubborn").port("stubborn").optional().deadline(ms(100)).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.section("stubborn").orElseThrow().reason()).contains(Reason.TIMEOUT);
        assertThat(h.time.elapsed()).isEqualTo(ms(100));
        release.countDown();
        assertThat(thread.get().join(Duration.ofSeconds(10))).as("the call thread ended").isTrue();
        assertThat(interrupts.get()).isPositive();
    }

    @Test
    void everyCallGetsTheRequestContextAndMdc() {
        AtomicReference<CallContext<String>> context = new AtomicReference<>();
        AtomicReference<Map<String, String>> mdc = new AtomicReference<>();
        h.register(PortDefinition.of("account", String.class, String.class, (in, c) -> {
            context.set(c);
            mdc.set(MDC.getCopyOfContextMap());
            return in;
        }));
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("account").port("account").from(Source.param("accountId")).required()
                        .deadline(ms(400)).build())
                .build();
        AggregationEngine<String> engine = h.engine();
        ScreenRequest<String> request = ScreenRequest.builder("c-9").requestId("req-7").param("accountId", "a5")
                .attribute("authorization", "Bearer t0k3n").mdc(Map.of("route", "/v1/home")).build();

        ScreenResult result = engine.execute(engine.compile(screen), request);

        assertThat(result.section("account").orElseThrow().data()).isEqualTo("a5");
        assertThat(context.get()).isEqualTo(new CallContext<>("req-7", "c-9", Map.of("authorization", "Bearer t0k3n"),
                "account", VirtualTime.EPOCH.plus(ms(400))));
        assertThat(mdc.get()).containsEntry("requestId", "req-7").containsEntry("route", "/v1/home");
    }

    @Test
    void identicalCallsWithinOneRequestAreMadeOnce() {
        h.port("profile", String.class, String.class, 50, in -> "profile of " + in)
                .port("greeting", String.class, String.class, 10, in -> "hi")
                .port("other", String.class, String.class, 10, in -> in);
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("profile").port("profile").required().build())
                .section(Section.builder("header").port("profile").optional()
                        .field(Field.builder("greeting").port("greeting").optional().build()).build())
                .section(Section.builder("third").port("other").optional()
                        .field(Field.builder("p").port("profile").optional().build()).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(h.calls("profile")).isEqualTo(1);
        assertThat(result.section("header").orElseThrow().data())
                .isEqualTo(new EnrichedItem("profile of c-1", Map.of("greeting", "hi")));
        assertThat(result.section("third").orElseThrow().data())
                .isEqualTo(new EnrichedItem("c-1", Map.of("p", "profile of c-1")));
        assertThat(h.records).filteredOn(r -> r.port().equals("profile")).hasSize(1);
    }

    @Test
    void oneSectionCanBeRefetchedWithWhatItDependsOn() {
        h.port("a", String.class, String.class, 10, in -> in + ">a")
                .port("b", String.class, String.class, 10, in -> in + ">b")
                .port("c", String.class, String.class, 10, in -> in + ">c");
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("a").port("a").required().build())
                .section(Section.builder("b").port("b").from(Source.section("a")).optional().build())
                .section(Section.builder("c").port("c").required().build())
                .build();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);

        ScreenResult result = engine.execute(compiled, Harness.request(), "b");

        assertThat(result.sections()).containsExactly(SectionResult.ok("b", "c-1>a>b"));
        assertThat(h.calls("a")).isEqualTo(1);
        assertThat(h.calls("c")).isZero();
        assertThatThrownBy(() -> engine.execute(compiled, Harness.request(), "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no section 'nope'").hasMessageContaining("[a, b, c]");
    }
}
