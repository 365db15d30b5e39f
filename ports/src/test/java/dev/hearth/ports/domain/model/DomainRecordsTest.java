package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainRecordsTest {
    static final AccountId ACCOUNT = new AccountId("alice-acc-1");
    static final CustomerId ALICE = new CustomerId("alice");
    static final Money TEN = Money.of("10.00", "EUR");
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Nested
    class MoneyAmounts {
        @Test
        void anAmountCanBeNegative() { // an overdrawn account, a refund: no sign rule
            assertThat(Money.of("-12.50", "EUR").amount()).isEqualByComparingTo("-12.50");
        }

        @Test
        void aNullAmountIsNamed() {
            assertThatThrownBy(() -> new Money(null, "EUR")).isInstanceOf(NullPointerException.class).hasMessage("amount");
        }

        @ParameterizedTest
        @ValueSource(strings = {"eur", "EURO", "EU", "E1R"})
        void aCurrencyIsThreeCapitalLetters(String currency) {
            assertThatThrownBy(() -> new Money(BigDecimal.ONE, currency)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("currency '" + currency + "' must match [A-Z]{3}");
        }

        @Test
        void aMissingCurrencyIsNamed() {
            assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("currency");
            assertThatThrownBy(() -> new Money(BigDecimal.ONE, "  ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("currency must not be blank");
        }
    }

    @Nested
    class Nicknames {
        @Test
        void atMost64Characters() {
            assertThat(new Nickname(ACCOUNT, "n".repeat(64), false).value()).hasSize(64);
            assertThatThrownBy(() -> new Nickname(ACCOUNT, "n".repeat(65), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("nickname must be at most 64 characters");
        }

        @Test
        void aBlankNicknameIsRejected() {
            assertThatThrownBy(() -> new Nickname(ACCOUNT, "", false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("nickname must not be blank");
        }

        @Test
        void theDefaultIsTheProductNameAndTheIbansLastFour() {
            Account account = new Account(ACCOUNT, ALICE, AccountType.CURRENT, "Everyday", "DE** **** **** 1234", "EUR");

            assertThat(Nickname.defaultFor(account)).isEqualTo(new Nickname(ACCOUNT, "Everyday ··1234", true));
        }

        @Test
        void aDefaultFromALongProductNameIsCutTo64() {
            Account account = new Account(ACCOUNT, ALICE, AccountType.SAVINGS, "p".repeat(70), "DE**1234", "EUR");

            assertThat(Nickname.defaultFor(account).value()).isEqualTo("p".repeat(64));
        }
    }

    @Test
    void anAccountShowsAtMostTheLastFourOfItsIban() {
        assertThat(new Account(ACCOUNT, ALICE, AccountType.CURRENT, "Everyday", "DE** 9876", "EUR").lastFour())
                .isEqualTo("9876");
        assertThat(new Account(ACCOUNT, ALICE, AccountType.CURRENT, "Everyday", "**7", "EUR").lastFour())
                .isEqualTo("**7");
    }

    @Test
    void aRequestContextNeverPrintsTheBearerToken() {
        RequestContext context = new RequestContext("req-1", ALICE, Optional.of("secret.jwt.token"));

        assertThat(context.toString()).doesNotContain("secret").contains("bearerToken=***");
        assertThat(RequestContext.of("req-1", ALICE).toString()).contains("bearerToken=none", "traceparent=none");
    }

    static Stream<Arguments> blankText() {
        return Stream.of(
                blank("productName", () -> new Account(ACCOUNT, ALICE, AccountType.CURRENT, " ", "DE**1234", "EUR")),
                blank("maskedIban", () -> new Account(ACCOUNT, ALICE, AccountType.CURRENT, "Everyday", "", "EUR")),
                blank("currency", () -> new Account(ACCOUNT, ALICE, AccountType.CURRENT, "Everyday", "DE**1234", " ")),
                blank("id", () -> new Activity("\t", ACCOUNT, LocalDate.of(2026, 11, 1), TEN, "Coffee")),
                blank("description", () -> new Activity("a1", ACCOUNT, LocalDate.of(2026, 11, 1), TEN, "")),
                blank("title", () -> new Banner("b1", " ", "https://img", "https://link")),
                blank("maskedPan", () -> new CardSummary(new CardId("c1"), "")),
                blank("brand", () -> new CardDetail(new CardId("c1"), "**** 1111", " ", CardStatus.ACTIVE, TEN, TEN)),
                blank("segment", () -> new CustomerProfile(ALICE, "Alice", "")),
                blank("bankName", () -> new ExternalBalance(" ", "FR**5678", TEN, NOW)),
                blank("json", () -> new LegacyHome("")),
                blank("tier", () -> new Partnership(ACCOUNT, "Air Miles", "cashback", " ")),
                blank("requestId", () -> RequestContext.of("", ALICE)));
    }

    static Arguments blank(String field, ThrowingCallable create) {
        return Arguments.of(field, create);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blankText")
    void aBlankTextFieldIsNamed(String field, ThrowingCallable create) {
        assertThatThrownBy(create).isInstanceOf(IllegalArgumentException.class).hasMessage(field + " must not be blank");
    }

    static Stream<Arguments> missing() {
        return Stream.of(
                missing("owner", () -> new Account(ACCOUNT, null, AccountType.CURRENT, "Everyday", "DE**1234", "EUR")),
                missing("type", () -> new Account(ACCOUNT, ALICE, null, "Everyday", "DE**1234", "EUR")),
                missing("bookingDate", () -> new Activity("a1", ACCOUNT, null, TEN, "Coffee")),
                missing("available", () -> new Balance(ACCOUNT, null, TEN, NOW)),
                missing("asOf", () -> new Balance(ACCOUNT, TEN, TEN, null)),
                missing("status", () -> new CardDetail(new CardId("c1"), "**** 1111", "Visa", null, TEN, TEN)),
                missing("spent", () -> new CardDetail(new CardId("c1"), "**** 1111", "Visa", CardStatus.ACTIVE, TEN, null)),
                missing("id", () -> new CardSummary(null, "**** 1111")),
                missing("balance", () -> new ExternalBalance("Other Bank", "FR**5678", null, NOW)),
                missing("accountId", () -> new Nickname(null, "Everyday", false)),
                missing("partnerName", () -> new Partnership(ACCOUNT, null, "cashback", "gold")),
                missing("bearerToken", () -> new RequestContext("req-1", ALICE, null)));
    }

    static Arguments missing(String field, ThrowingCallable create) {
        return Arguments.of(field, create);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missing")
    void aMissingFieldIsNamed(String field, ThrowingCallable create) {
        assertThatThrownBy(create).isInstanceOf(NullPointerException.class).hasMessage(field);
    }
}
