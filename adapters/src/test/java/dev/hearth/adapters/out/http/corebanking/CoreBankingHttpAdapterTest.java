package dev.hearth.adapters.out.http.corebanking;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.REQUEST_ID;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.adapters.out.http.DownstreamStub;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.AccountType;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.Money;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CoreBankingHttpAdapterTest {
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final AccountId CURRENT = new AccountId("alice-acc-1");

    @RegisterExtension
    static final DownstreamStub stub = new DownstreamStub();
    final CoreBankingHttpAdapter adapter = new CoreBankingHttpAdapter(stub.client, stub.baseUrl(), DownstreamStub.DEADLINE, stub.mapper);

    @Test
    void loadsTheProfileForwardingTheRequestIdAndNoToken() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/core/customers/alice/profile")).willReturn(okJson("""
                {"customerId": "alice", "displayName": "Alice Example", "segment": "PREMIUM", "since": "2011-04-01"}""")));

        assertThat(adapter.loadProfile(DownstreamStub.contextWithToken("alice"), ALICE))
                .isEqualTo(new CustomerProfile(ALICE, "Alice Example", "PREMIUM"));
        stub.server.verify(getRequestedFor(urlEqualTo("/core/customers/alice/profile"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("Authorization", absent()));
    }

    @Test
    void loadsTheAccounts() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/core/customers/alice/accounts")).willReturn(okJson("""
                {"customerId": "alice", "accounts": [
                  {"accountId": "alice-acc-1", "type": "CURRENT", "productName": "Girokonto",
                   "maskedIban": "DE89 **** **** **** 3000", "currency": "EUR", "openedOn": "2011-04-01"},
                  {"accountId": "alice-acc-2", "type": "SAVINGS", "productName": "Tagesgeld",
                   "maskedIban": "DE89 **** **** **** 3001", "currency": "EUR"}
                ]}""")));

        assertThat(adapter.loadAccounts(context("alice"), ALICE)).containsExactly(
                new Account(CURRENT, ALICE, AccountType.CURRENT, "Girokonto", "DE89 **** **** **** 3000", "EUR"),
                new Account(new AccountId("alice-acc-2"), ALICE, AccountType.SAVINGS, "Tagesgeld",
                        "DE89 **** **** **** 3001", "EUR"));
        stub.server.verify(getRequestedFor(urlEqualTo("/core/customers/alice/accounts"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)));
    }

    @Test
    void aFullIbanFromDownstreamIsMaskedBeforeItGoesAnyFurther() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/core/customers/alice/accounts")).willReturn(okJson("""
                {"customerId": "alice", "accounts": [{"accountId": "alice-acc-1", "type": "CURRENT",
                  "productName": "Girokonto", "maskedIban": "DE89 3704 0044 0532 0130 00", "currency": "EUR"}]}""")));

        assertThat(adapter.loadAccounts(context("alice"), ALICE).getFirst().maskedIban())
                .isEqualTo("DE89 **** **** **** 3000");
    }

    @Test
    void noAccountsIsAnEmptyList() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/core/customers/dave/accounts"))
                .willReturn(okJson("{\"customerId\": \"dave\", \"accounts\": []}")));

        assertThat(adapter.loadAccounts(context("dave"), new CustomerId("dave"))).isEmpty();
    }

    @Test
    void anUnknownAccountTypeIsABadResponse() {
        stub.server.stubFor(get(urlEqualTo("/core/customers/alice/accounts")).willReturn(okJson("""
                {"customerId": "alice", "accounts": [{"accountId": "alice-acc-1", "type": "BITCOIN",
                  "productName": "Wallet", "maskedIban": "DE89 **** **** **** 3000", "currency": "EUR"}]}""")));

        assertThatThrownBy(() -> adapter.loadAccounts(context("alice"), ALICE))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void loadsABalance() throws DownstreamException {
        stub.server.stubFor(get(urlEqualTo("/core/accounts/alice-acc-1/balance")).willReturn(okJson("""
                {"accountId": "alice-acc-1",
                 "available": {"amount": "1523.40", "currency": "EUR"},
                 "booked": {"amount": "1623.40", "currency": "EUR"},
                 "asOf": "2026-11-21T09:58:00Z"}""")));

        assertThat(adapter.loadBalance(context("alice"), CURRENT)).isEqualTo(new Balance(CURRENT,
                Money.of("1523.40", "EUR"), Money.of("1623.40", "EUR"), Instant.parse("2026-11-21T09:58:00Z")));
        stub.server.verify(getRequestedFor(urlEqualTo("/core/accounts/alice-acc-1/balance"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)));
    }

    @Test
    void aBalanceWithoutItsTimestampIsABadResponse() {
        stub.server.stubFor(get(urlEqualTo("/core/accounts/alice-acc-1/balance")).willReturn(okJson("""
                {"accountId": "alice-acc-1", "available": {"amount": "1.00", "currency": "EUR"},
                 "booked": {"amount": "1.00", "currency": "EUR"}, "asOf": "yesterday"}""")));

        assertThatThrownBy(() -> adapter.loadBalance(context("alice"), CURRENT))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void loadsRecentActivitiesAskingForTheLimit() throws DownstreamException {
        stub.server.stubFor(get(urlPathEqualTo("/core/accounts/alice-acc-1/activities")).willReturn(okJson("""
                {"accountId": "alice-acc-1", "activities": [
                  {"id": "tx-2", "bookingDate": "2026-11-20", "amount": {"amount": "-42.10", "currency": "EUR"},
                   "description": "REWE Markt"},
                  {"id": "tx-1", "bookingDate": "2026-11-19", "amount": {"amount": "2500.00", "currency": "EUR"},
                   "description": "Salary"},
                  {"id": "tx-0", "bookingDate": "2026-11-18", "amount": {"amount": "-9.99", "currency": "EUR"},
                   "description": "Streaming"}
                ]}""")));

        List<Activity> activities = adapter.loadRecentActivities(context("alice"), CURRENT, 2);

        assertThat(activities).containsExactly(
                new Activity("tx-2", CURRENT, LocalDate.parse("2026-11-20"), Money.of("-42.10", "EUR"), "REWE Markt"),
                new Activity("tx-1", CURRENT, LocalDate.parse("2026-11-19"), Money.of("2500.00", "EUR"), "Salary"));
        stub.server.verify(getRequestedFor(urlEqualTo("/core/accounts/alice-acc-1/activities?limit=2"))
                .withHeader("X-Request-Id", equalTo(REQUEST_ID)));
    }

    @Test
    void aLimitOutOfRangeIsTheCallersMistake() {
        assertThatThrownBy(() -> adapter.loadRecentActivities(context("alice"), CURRENT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void anIdThatWouldAddressAnotherResourceIsNotFoundWithoutACall() {
        assertThatThrownBy(() -> adapter.loadBalance(context("alice"), new AccountId("..")))
                .isInstanceOfSatisfying(DownstreamException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }
}
