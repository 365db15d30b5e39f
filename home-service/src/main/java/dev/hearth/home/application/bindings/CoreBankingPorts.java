package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadAccountsPort;
import dev.hearth.ports.domain.port.out.LoadBalancePort;
import dev.hearth.ports.domain.port.out.LoadCustomerProfilePort;
import dev.hearth.ports.domain.port.out.LoadRecentActivitiesPort;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Core banking: the customer's profile, accounts, an account's balance and recent activities. A call keyed by the
 * customer that core banking answers "not found" means the customer is unknown ({@link UnknownCustomer}).
 */
public final class CoreBankingPorts implements ScreenPorts {
    /** How many recent activities the account-detail screen shows. */
    static final int RECENT_ACTIVITIES = 10;

    private final LoadCustomerProfilePort profile;
    private final LoadAccountsPort accounts;
    private final LoadBalancePort balance;
    private final LoadRecentActivitiesPort activities;

    @Inject
    public CoreBankingPorts(LoadCustomerProfilePort profile, LoadAccountsPort accounts, LoadBalancePort balance,
            LoadRecentActivitiesPort activities) {
        this.profile = profile;
        this.accounts = accounts;
        this.balance = balance;
        this.activities = activities;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.of("coreBanking");
    }

    @Override
    public void register(Registrar ports) {
        ports.read(PortDefinition.of("profile", CustomerId.class, CustomerProfile.class,
                        this::profile))
                .read(PortDefinition.ofList("accounts", CustomerId.class, Account.class,
                        (customer, call) -> accounts(context(call), customer)))
                .read(PortDefinition.of("account", String.class, Account.class, this::ownAccount))
                .read(PortDefinition.of("balance", Account.class, Balance.class,
                        (account, call) -> balance.loadBalance(context(call), account.id())))
                .read(PortDefinition.ofList("activities", Account.class, Activity.class,
                        (account, call) -> activities.loadRecentActivities(context(call), account.id(),
                                RECENT_ACTIVITIES)));
    }

    private CustomerProfile profile(CustomerId customer, CallContext<CustomerId> call) throws Exception {
        try {
            return profile.loadProfile(context(call), customer);
        } catch (DownstreamException e) {
            throw UnknownCustomer.of(e);
        }
    }

    private List<Account> accounts(RequestContext context, CustomerId customer) throws Exception {
        try {
            return accounts.loadAccounts(context, customer);
        } catch (DownstreamException e) {
            throw UnknownCustomer.of(e);
        }
    }

    /**
     * One of the caller's own accounts. Another customer's account id, or one that does not exist,
     * is the same "not found": the answer must not tell which.
     */
    private Account ownAccount(String accountId, CallContext<CustomerId> call) throws Exception {
        AccountId wanted;
        try {
            wanted = new AccountId(accountId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no account '" + accountId + "' for this customer");
        }
        RequestContext context = context(call);
        return accounts(context, context.customer()).stream()
                .filter(account -> account.id().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no account '" + accountId + "' for this customer"));
    }
}
