package dev.hearth.sandbox;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.AccountType;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardId;
import dev.hearth.ports.domain.model.CardStatus;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.Money;
import dev.hearth.ports.domain.model.Partnership;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's demo customers and everything the downstreams know of them. Deterministic: the
 * same ids, amounts and names on every start; only timestamps ({@code asOf}, booking dates) follow
 * the clock. Ids are globally unique ({@code alice-acc-1}, {@code carol-card-57}). IBANs and card
 * numbers exist here only masked.
 *
 * <table>
 *   <tr><th>customer</th><th>accounts</th><th>cards</th><th>open banking</th><th>partnerships</th></tr>
 *   <tr><td>alice</td><td>3</td><td>2</td><td>2 banks</td><td>alice-acc-1</td></tr>
 *   <tr><td>bob</td><td>8</td><td>10</td><td>1 bank</td><td>bob-acc-1, bob-acc-3</td></tr>
 *   <tr><td>carol</td><td>2</td><td>100</td><td>none</td><td>carol-acc-1</td></tr>
 *   <tr><td>dave</td><td>0</td><td>0</td><td>none</td><td>none</td></tr>
 * </table>
 * Immutable and thread-safe.
 */
final class DemoBank {
    static final int ACTIVITIES_PER_ACCOUNT = 30;
    private static final String[] MERCHANTS = {"REWE Markt", "Salary ACME GmbH", "Deutsche Bahn", "Netflix",
            "Rent Hausverwaltung Schulz", "Amazon Marketplace", "ATM withdrawal", "Stadtwerke Köln", "Lidl", "Spotify"};
    private static final AccountType[] TYPES = {AccountType.CURRENT, AccountType.SAVINGS, AccountType.CREDIT, AccountType.LOAN};

    record Customer(CustomerProfile profile, List<Account> accounts, List<CardDetail> cards,
            List<OpenBankingAccount> openBanking, List<Banner> banners) {
    }

    /** A balance at another bank, without its timestamp (that is taken when asked). */
    record OpenBankingAccount(String bankName, String maskedIban, Money balance) {
    }

    private final Clock clock;
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, CardDetail> cards = new LinkedHashMap<>();
    private final Map<String, Partnership> partnerships = new LinkedHashMap<>();

    DemoBank(Clock clock) {
        this.clock = clock;
        add("alice", "Alice Example", "PREMIUM", 3, 2, List.of(
                new OpenBankingAccount("Sparkasse KölnBonn", "DE12 **** **** **** 4567", Money.of("812.05", "EUR")),
                new OpenBankingAccount("ING", "DE02 **** **** **** 1234", Money.of("-20.00", "EUR"))));
        add("bob", "Bob Builder", "BUSINESS", 8, 10, List.of(
                new OpenBankingAccount("Commerzbank", "DE55 **** **** **** 8842", Money.of("15230.77", "EUR"))));
        add("carol", "Carol Collector", "PRIVATE_BANKING", 2, 100, List.of());
        add("dave", "Dave Newcomer", "RETAIL", 0, 0, List.of());
        partner("alice-acc-1", "Lufthansa Miles & More", "MILES", "GOLD");
        partner("bob-acc-1", "Payback", "POINTS", "SILVER");
        partner("bob-acc-3", "Lufthansa Miles & More", "MILES", "BASIC");
        partner("carol-acc-1", "Payback", "POINTS", "GOLD");
    }

    Optional<Customer> customer(String id) {
        return Optional.ofNullable(customers.get(id));
    }

    Optional<Account> account(String id) {
        return Optional.ofNullable(accounts.get(id));
    }

    Optional<CardDetail> card(String id) {
        return Optional.ofNullable(cards.get(id));
    }

    /** Only some accounts are in a partner programme; the others have none (the partner service answers 404). */
    Optional<Partnership> partnership(String accountId) {
        return Optional.ofNullable(partnerships.get(accountId));
    }

    Balance balance(Account account) {
        int n = number(account.id().value());
        BigDecimal booked = BigDecimal.valueOf(100_000 + (n * 7_919L) % 900_000, 2);
        if (account.type() == AccountType.LOAN || account.type() == AccountType.CREDIT) {
            booked = booked.negate();
        }
        BigDecimal pending = BigDecimal.valueOf((n % 50) * 123L, 2);
        return new Balance(account.id(), new Money(booked.subtract(pending), account.currency()),
                new Money(booked, account.currency()), now());
    }

    /** The account's most recent activities, newest first. */
    List<Activity> activities(Account account, int limit) {
        int n = number(account.id().value());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Activity> activities = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, ACTIVITIES_PER_ACCOUNT); i++) {
            String merchant = MERCHANTS[(n + i) % MERCHANTS.length];
            BigDecimal amount = merchant.startsWith("Salary") ? new BigDecimal("3250.00")
                    : BigDecimal.valueOf(-(199 + ((n + i) * 3_571L) % 25_000), 2);
            activities.add(new Activity(account.id().value() + "-tx-" + (ACTIVITIES_PER_ACCOUNT - i), account.id(),
                    today.minusDays(i / 2), new Money(amount, account.currency()), merchant));
        }
        return activities;
    }

    List<ExternalBalance> externalBalances(Customer customer) {
        Instant asOf = now().minus(4, ChronoUnit.MINUTES);
        return customer.openBanking().stream()
                .map(b -> new ExternalBalance(b.bankName(), b.maskedIban(), b.balance(), asOf))
                .toList();
    }

    static List<CardSummary> summaries(Customer customer) {
        return customer.cards().stream().map(card -> new CardSummary(card.id(), card.maskedPan())).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void add(String id, String name, String segment, int accountCount, int cardCount,
            List<OpenBankingAccount> openBanking) {
        CustomerId customer = new CustomerId(id);
        int seed = customers.size() + 1;
        List<Account> own = new ArrayList<>();
        for (int i = 1; i <= accountCount; i++) {
            AccountType type = TYPES[(i - 1) % TYPES.length];
            String currency = i == 5 ? "USD" : "EUR";
            String iban = "DE%02d **** **** **** %04d".formatted(10 + (seed * 17 + i * 3) % 89, 3000 + seed * 100 + i - 1);
            Account account = new Account(new AccountId(id + "-acc-" + i), customer, type, product(type, currency), iban,
                    currency);
            own.add(account);
            accounts.put(account.id().value(), account);
        }
        List<CardDetail> ownCards = new ArrayList<>();
        for (int i = 1; i <= cardCount; i++) {
            CardStatus status = i % 13 == 0 ? CardStatus.EXPIRED : i % 7 == 0 ? CardStatus.BLOCKED : CardStatus.ACTIVE;
            BigDecimal limit = BigDecimal.valueOf(new int[] {2_000, 5_000, 10_000}[i % 3]).setScale(2);
            BigDecimal spent = BigDecimal.valueOf((seed * 104_729L + i * 7_919L) % (limit.longValue() * 100), 2);
            CardDetail card = new CardDetail(new CardId(id + "-card-" + i),
                    "**** **** **** %04d".formatted((seed * 1_237 + i * 911) % 10_000),
                    i % 2 == 1 ? "VISA" : "MASTERCARD", status, new Money(limit, "EUR"), new Money(spent, "EUR"));
            ownCards.add(card);
            cards.put(card.id().value(), card);
        }
        List<Banner> banners = new ArrayList<>();
        if (accountCount == 0) {
            banners.add(new Banner("bnr-first-account", "Open your first account in 8 minutes",
                    "https://cdn.hearth.example/banners/first-account.png", "app://onboarding/account"));
        }
        banners.add(new Banner("bnr-savings", "3 % on Tagesgeld", "https://cdn.hearth.example/banners/savings.png",
                "app://products/savings"));
        if (segment.equals("PREMIUM") || segment.equals("PRIVATE_BANKING")) {
            banners.add(new Banner("bnr-lounge", "Airport lounges, on us", "https://cdn.hearth.example/banners/lounge.png",
                    "app://benefits/lounge"));
        }
        banners.add(new Banner("bnr-travel", "Travel insurance for the holidays",
                "https://cdn.hearth.example/banners/travel.png", "app://insurance/travel"));
        customers.put(id, new Customer(new CustomerProfile(customer, name, segment), List.copyOf(own),
                List.copyOf(ownCards), openBanking, List.copyOf(banners)));
    }

    private void partner(String accountId, String partnerName, String programme, String tier) {
        Account account = accounts.get(accountId);
        partnerships.put(accountId, new Partnership(account.id(), partnerName, programme, tier));
    }

    private static String product(AccountType type, String currency) {
        return switch (type) {
            case CURRENT -> currency.equals("EUR") ? "Girokonto" : "Fremdwährungskonto " + currency;
            case SAVINGS -> "Tagesgeld";
            case CREDIT -> "Kreditkartenkonto";
            case LOAN -> "Ratenkredit";
        };
    }

    /** A stable number from an id, for deterministic amounts. */
    private static int number(String id) {
        return Math.floorMod(id.hashCode(), 100_000);
    }
}
