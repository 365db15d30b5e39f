package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.spi.FailureClassifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureAndFallbackTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private static Screen one(Section section) {
        return Screen.builder("s").budget(ms(500)).section(section).build();
    }

    @Test
    void aRequiredSectionThatIsNotFoundFailsTheScreenAsNotFound() {
        h.port("account", String.class, String.class, 10, in -> {
            throw new NotFoundException("no account 'a1' for this customer");
        });

        ScreenResult result = h.run(one(Section.builder("account").port("account").from(Source.param("accountId"))
                .required().build()));

        assertThat(result.complete()).isFalse();
        assertThat(result.failure()).contains(new ScreenFailure("account", Reason.ERROR, true,
                "no account 'a1' for this customer"));
        assertThat(result.section("account").orElseThrow().status()).isEqualTo(SectionStatus.FAILED);
    }

    @Test
    void aCallThatIsNotFoundIsReportedAsNotFoundAndOtherFailuresAreNot() {
        h.port("account", String.class, String.class, 10, in -> {
            throw new NotFoundException("no account 'a1' for this customer");
        });
        h.port("profile", String.class, String.class, 1000, in -> in);

        h.run(Screen.builder("s").budget(ms(500))
                .section(Section.builder("account").port("account").from(Source.param("accountId")).optional()
                        .fallback(Fallback.omit()).build())
                .section(Section.builder("profile").port("profile").deadline(ms(100)).optional()
                        .fallback(Fallback.omit()).build())
                .build());

        assertThat(h.records).filteredOn(r -> r.port().equals("account")).singleElement().satisfies(r -> {
            assertThat(r.notFound()).isTrue();
            assertThat(r.success()).isFalse();
            assertThat(r.reason()).contains(Reason.ERROR);
        });
        assertThat(h.records).filteredOn(r -> r.port().equals("profile")).singleElement().satisfies(r -> {
            assertThat(r.notFound()).isFalse();
            assertThat(r.reason()).contains(Reason.TIMEOUT);
        });
    }

    @Test
    void aRequiredSectionThatTimesOutFailsTheScreenWithTimeout() {
        h.port("profile", String.class, String.class, 1000, in -> in);

        ScreenResult result = h.run(one(Section.builder("profile").port("profile").required().deadline(ms(100)).build()));

        ScreenFailure failure = result.failure().orElseThrow();
        assertThat(failure.sectionId()).isEqualTo("profile");
        assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(failure.notFound()).isFalse();
    }

    private SectionResult optionalFailing(Fallback fallback) {
        h.listPort("banners", String.class, String.class, 10, in -> {
            throw new IllegalStateException("marketing is down");
        });
        Section.Builder s = Section.builder("banners").port("banners").optional();
        if (fallback != null) {
            s.fallback(fallback);
        }
        ScreenResult result = h.run(one(s.build()));
        assertThat(result.failure()).isEmpty();
        assertThat(result.complete()).isFalse();
        return result.section("banners").orElseThrow();
    }

    @Test
    void anOptionalSectionFallsBackToItsValue() {
        SectionResult s = optionalFailing(Fallback.value(List.of("welcome")));
        assertThat(s.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(s.reason()).contains(Reason.ERROR);
        assertThat(s.data()).isEqualTo(List.of("welcome"));
    }

    @Test
    void anOptionalSectionFallsBackToAnEmptyList() {
        SectionResult s = optionalFailing(Fallback.empty());
        assertThat(s.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(s.data()).isEqualTo(List.of());
    }

    @Test
    void anOptionalSectionIsOmitted() {
        SectionResult s = optionalFailing(Fallback.omit());
        assertThat(s.status()).isEqualTo(SectionStatus.OMITTED);
        assertThat(s.reason()).contains(Reason.ERROR);
        assertThat(s.data()).isNull();
    }

    @Test
    void anOptionalSectionWithoutFallbackFailsAlone() {
        SectionResult s = optionalFailing(null);
        assertThat(s.status()).isEqualTo(SectionStatus.FAILED);
        assertThat(s.reason()).contains(Reason.ERROR);
    }

    /** A resilience library's refusal is the application's to classify (home-service: PolicyFailureClassifier). */
    @Test
    void aCircuitOpenRefusalIsClassifiedByTheApplicationsClassifier() {
        class CircuitOpen extends RuntimeException {
        }
        h.classifier(e -> e instanceof CircuitOpen ? Optional.of(Reason.CIRCUIT_OPEN) : Optional.empty());
        h.port("p", String.class, String.class, 10, in -> {
            throw new CircuitOpen();
        });
        ScreenResult result = h.run(one(Section.builder("p").port("p").optional().fallback(Fallback.omit()).build()));
        assertThat(result.section("p").orElseThrow().reason()).contains(Reason.CIRCUIT_OPEN);
    }

    @Test
    void whatNoClassifierKnowsIsAnError() {
        h.port("p", String.class, String.class, 10, in -> {
            throw new IllegalStateException("unparseable");
        });
        ScreenResult result = h.run(one(Section.builder("p").port("p").optional().fallback(Fallback.omit()).build()));
        assertThat(result.section("p").orElseThrow().reason()).contains(Reason.ERROR);
    }

    @Test
    void classifiersChainedWithOrElseAreAskedInTurn() {
        FailureClassifier first = e -> e instanceof IllegalStateException ? Optional.of(Reason.BAD_RESPONSE) : Optional.empty();
        FailureClassifier chained = first.orElse(e -> Optional.of(Reason.CIRCUIT_OPEN));
        assertThat(chained.classify(new IllegalStateException())).contains(Reason.BAD_RESPONSE);
        assertThat(chained.classify(new RuntimeException())).contains(Reason.CIRCUIT_OPEN);
    }

    @Test
    void aCustomClassifierIsConsultedFirst() {
        h.classifier(e -> e instanceof IllegalStateException ? Optional.of(Reason.BAD_RESPONSE) : Optional.empty());
        h.port("p", String.class, String.class, 10, in -> {
            throw new IllegalStateException("unparseable");
        });
        ScreenResult result = h.run(one(Section.builder("p").port("p").optional().fallback(Fallback.omit()).build()));
        assertThat(result.section("p").orElseThrow().reason()).contains(Reason.BAD_RESPONSE);
    }

    @Test
    void aPortReturningNullIsABadResponse() {
        h.port("p", String.class, String.class, 10, in -> null);
        ScreenResult result = h.run(one(Section.builder("p").port("p").optional().fallback(Fallback.omit()).build()));
        assertThat(result.section("p").orElseThrow().reason()).contains(Reason.BAD_RESPONSE);
    }

    @Test
    void aSectionWhoseInputFailedDoesNotCallItsPortAndIsDependencyFailed() {
        h.listPort("cardList", String.class, String.class, 10, in -> {
            throw new IllegalStateException("cards down");
        }).port("cardDetails", String.class, String.class, 10, in -> in);
        Screen screen = Screen.builder("s").budget(ms(500))
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty()).build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(result.section("cardList").orElseThrow().status()).isEqualTo(SectionStatus.FALLBACK);
        SectionResult cards = result.section("cards").orElseThrow();
        assertThat(cards.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(cards.reason()).contains(Reason.DEPENDENCY_FAILED);
        assertThat(cards.data()).isEqualTo(List.of());
        assertThat(h.calls("cardDetails")).isZero();
    }
}
