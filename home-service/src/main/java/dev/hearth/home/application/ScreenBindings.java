package dev.hearth.home.application;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.Partnership;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadAccountsPort;
import dev.hearth.ports.domain.port.out.LoadBalancePort;
import dev.hearth.ports.domain.port.out.LoadBannersPort;
import dev.hearth.ports.domain.port.out.LoadCardDetailsPort;
import dev.hearth.ports.domain.port.out.LoadCardsPort;
import dev.hearth.ports.domain.port.out.LoadCustomerProfilePort;
import dev.hearth.ports.domain.port.out.LoadNicknamePort;
import dev.hearth.ports.domain.port.out.LoadOpenBankingBalancesPort;
import dev.hearth.ports.domain.port.out.LoadPartnershipPort;
import dev.hearth.ports.domain.port.out.LoadRecentActivitiesPort;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The screens' vocabulary: each domain out-port registered with the engine under the name the
 * screen files use, with its input and output types and the timeout ops set for it.
 */
public final class ScreenBindings {
    /** The request attribute that carries the caller's bearer token to ports that forward it. */
    public static final String AUTHORIZATION = "authorization";
    /** The request attribute that carries the W3C {@code traceparent} of the request's span to every port. */
    public static final String TRACEPARENT = "traceparent";
    /**
     * The ports whose call changes state: {@code alias} assigns and stores a default nickname the first
     * time. They must never be retried.
     */
    public static final Set<String> WRITES = Set.of("alias");
    /** How many recent activities the account-detail screen shows. */
    static final int RECENT_ACTIVITIES = 10;

    /** The domain ports the screens can call. */
    public record DomainPorts(
            LoadCustomerProfilePort profile,
            LoadAccountsPort accounts,
            LoadBalancePort balance,
            LoadRecentActivitiesPort activities,
            LoadPartnershipPort partnership,
            LoadNicknamePort nickname,
            LoadCardsPort cards,
            LoadCardDetailsPort cardDetails,
            LoadOpenBankingBalancesPort openBanking,
            LoadBannersPort banners) {
    }

    private ScreenBindings() {
    }

    /**
     * Registers every port. {@code timeouts} maps port names to the timeout ops configured; a port
     * without one keeps no port timeout (the section deadline and screen budget still apply).
     */
    public static PortRegistry<CustomerId> registry(DomainPorts ports, Function<String, Optional<Duration>> timeouts) {
        PortRegistry.Builder<CustomerId> registry = PortRegistry.builder();
        Registrar r = new Registrar(registry, timeouts);
        r.add(PortDefinition.of("profile", CustomerId.class, CustomerProfile.class,
                (customer, call) -> ports.profile().loadProfile(context(call), customer)));
        r.add(PortDefinition.ofList("accounts", CustomerId.class, Account.class,
                (customer, call) -> ports.accounts().loadAccounts(context(call), customer)));
        r.add(PortDefinition.of("account", String.class, Account.class,
                (accountId, call) -> ownAccount(ports.accounts(), accountId, call)));
        r.add(PortDefinition.of("balance", Account.class, Balance.class,
                (account, call) -> ports.balance().loadBalance(context(call), account.id())));
        r.add(PortDefinition.ofList("activities", Account.class, Activity.class,
                (account, call) -> ports.activities().loadRecentActivities(context(call), account.id(), RECENT_ACTIVITIES)));
        r.add(PortDefinition.of("partnership", Account.class, Partnership.class,
                (account, call) -> partnership(ports.partnership(), account, call)));
        r.add(PortDefinition.of("alias", Account.class, String.class,
                (account, call) -> ports.nickname().loadOrAssignNickname(context(call), account).value()));
        r.add(PortDefinition.ofList("cardList", CustomerId.class, CardSummary.class,
                (customer, call) -> ports.cards().loadCards(context(call), customer)));
        r.add(PortDefinition.of("cardDetails", CardSummary.class, CardDetail.class,
                (card, call) -> ports.cardDetails().loadCardDetail(context(call), card.id())));
        r.add(PortDefinition.ofList("openBanking", CustomerId.class, ExternalBalance.class,
                (customer, call) -> ports.openBanking().loadExternalBalances(context(call), customer)));
        r.add(PortDefinition.ofList("banners", CustomerId.class, Banner.class,
                (customer, call) -> ports.banners().loadBanners(context(call), customer)));
        return registry.build();
    }

    /**
     * One of the caller's own accounts. Another customer's account id, or one that does not exist,
     * is the same "not found": the answer must not tell which.
     */
    private static Account ownAccount(LoadAccountsPort accounts, String accountId, CallContext<CustomerId> call)
            throws Exception {
        AccountId wanted;
        try {
            wanted = new AccountId(accountId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no account '" + accountId + "' for this customer");
        }
        RequestContext context = context(call);
        return accounts.loadAccounts(context, context.customer()).stream()
                .filter(account -> account.id().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no account '" + accountId + "' for this customer"));
    }

    /** An account in no partner programme has no partnership: absent, not an error. */
    private static Partnership partnership(LoadPartnershipPort partners, Account account, CallContext<CustomerId> call)
            throws DownstreamException {
        try {
            return partners.loadPartnership(context(call), account.id());
        } catch (DownstreamException e) {
            if (e.kind() == DownstreamException.Kind.NOT_FOUND) {
                throw new NotFoundException("account " + account.id() + " is in no partner programme");
            }
            throw e;
        }
    }

    static RequestContext context(CallContext<CustomerId> call) {
        return new RequestContext(call.requestId(), call.customer(), call.attribute(AUTHORIZATION),
                call.attribute(TRACEPARENT));
    }

    private record Registrar(PortRegistry.Builder<CustomerId> registry,
            Function<String, Optional<Duration>> timeouts) {
        <I, O> void add(PortDefinition<CustomerId, I, O> port) {
            registry.register(timeouts.apply(port.name()).map(port::withTimeout).orElse(port));
        }
    }
}
