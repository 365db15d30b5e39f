package dev.hearth.bench.peer;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The usual hand-written way: every call a {@link CompletableFuture} on a fixed pool of platform threads, the
 * request's thread joining them; an optional part is waited for at most its deadline ({@code completeOnTimeout}),
 * the whole screen at most its budget. A call given up on keeps its pool thread until its socket timeout.
 */
final class PooledHome extends ConcurrentHome {
    /** A port call that may throw. */
    private interface Call<T> {
        T call() throws Exception;
    }

    private final ExecutorService pool;
    private final Deadlines deadlines;

    PooledHome(HomePorts ports, ExecutorService pool, Deadlines deadlines) {
        super(ports);
        this.pool = pool;
        this.deadlines = deadlines;
    }

    @Override
    Home home(CustomerId customer, String token, String requestId) {
        RequestContext context = context(customer, token, requestId);
        CompletableFuture<Object> profile = part(() -> ports.profile().loadProfile(context, customer), deadlines.profile());
        CompletableFuture<Section> accounts = part(() -> ports.accounts().loadAccounts(context, customer),
                deadlines.accounts()).thenCompose(list -> missing(list)
                        ? CompletableFuture.completedFuture(null) : enrich(context, (List<?>) list));
        CompletableFuture<Object> cardList = part(() -> ports.cards().loadCards(context, customer), deadlines.cardList());
        CompletableFuture<Section> cards = cardList.thenCompose(list -> missing(list)
                ? CompletableFuture.completedFuture(new Section("cards", "FALLBACK", List.of())) : details(context, (List<?>) list));
        CompletableFuture<Section> openBanking = CompletableFuture.supplyAsync(() -> openBanking(context), pool)
                .completeOnTimeout(new Section("openBanking", "FAILED", null), deadlines.openBanking().toMillis(),
                        TimeUnit.MILLISECONDS);
        CompletableFuture<Object> banners = part(() -> ports.banners().loadBanners(context, customer), deadlines.banners());
        try {
            CompletableFuture.allOf(profile, accounts, cardList, cards, openBanking, banners)
                    .get(deadlines.budget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // answer with what is there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return assemble(profile, accounts, cardList, cards, openBanking, banners);
    }

    private CompletableFuture<Section> enrich(RequestContext context, List<?> accounts) {
        List<CompletableFuture<Object>> items = new ArrayList<>();
        for (Object o : accounts) {
            Account account = (Account) o;
            CompletableFuture<Object> balance = part(() -> ports.balance().loadBalance(context, account.id()), deadlines.balance());
            CompletableFuture<Object> alias = part(() -> ports.nickname().loadOrAssignNickname(context, account).value(),
                    deadlines.alias());
            CompletableFuture<Object> partnership = part(() -> ports.partnership().loadPartnership(context, account.id()),
                    deadlines.partnership());
            items.add(item(account, balance, alias, partnership));
        }
        return accountsSection(items);
    }

    private CompletableFuture<Section> details(RequestContext context, List<?> cards) {
        List<CompletableFuture<Object>> details = new ArrayList<>();
        for (Object card : cards) {
            details.add(part(() -> ports.cardDetails().loadCardDetail(context, ((CardSummary) card).id()), deadlines.cardDetails()));
        }
        return cardsSection(details);
    }

    /** One call on the pool, waited for at most {@code deadline}: its value, FAILED or ABSENT; never exceptional. */
    private CompletableFuture<Object> part(Call<?> call, Duration deadline) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return (Object) call.call();
            } catch (DownstreamException e) {
                return e.kind() == DownstreamException.Kind.NOT_FOUND ? ABSENT : FAILED;
            } catch (Exception e) {
                return FAILED;
            }
        }, pool).completeOnTimeout(FAILED, deadline.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> FAILED);
    }
}
