package dev.hearth.bench.peer;

import dev.hearth.ports.domain.model.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the two concurrent peers ({@link PooledHome}, {@link BareHome}) share: every part a future that never fails,
 * holding its value, {@link #FAILED} or {@link #ABSENT}, and the home assembled from the parts as they stand when the
 * budget ends.
 */
abstract class ConcurrentHome extends HomeComposition {
    /** A part that failed or was not waited for. */
    static final Object FAILED = new Object();
    /** A part the downstream says does not exist (an account in no partner programme). */
    static final Object ABSENT = new Object();

    /** An account whose item is shown with a field missing: the accounts section is PARTIAL. */
    private record Degraded(Object item) {
    }

    ConcurrentHome(HomePorts ports) {
        super(ports);
    }

    static boolean missing(Object part) {
        return part == FAILED || part == ABSENT;
    }

    /** An account's item once its three fields are in, degraded when one of them failed (an absent one is left out). */
    static CompletableFuture<Object> item(Account account, CompletableFuture<Object> balance, CompletableFuture<Object> alias,
            CompletableFuture<Object> partnership) {
        return CompletableFuture.allOf(balance, alias, partnership).thenApply(v -> {
            Object bal = balance.join();
            Object ali = alias.join();
            Object par = partnership.join();
            Object item = enriched(account, missing(bal) ? null : bal, missing(ali) ? null : ali, missing(par) ? null : par);
            return bal == FAILED || ali == FAILED || par == FAILED ? new Degraded(item) : item;
        });
    }

    /** The accounts section once every item is in: PARTIAL when one of them is degraded. */
    static CompletableFuture<Section> accountsSection(List<CompletableFuture<Object>> items) {
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            boolean degraded = false;
            for (CompletableFuture<Object> item : items) {
                Object value = item.join();
                if (value instanceof Degraded d) {
                    degraded = true;
                    value = d.item();
                }
                data.add(value);
            }
            return new Section("accounts", degraded ? "PARTIAL" : "OK", data);
        });
    }

    /** The cards section once every detail is in: PARTIAL, without it, when one of them is missing. */
    static CompletableFuture<Section> cardsSection(List<CompletableFuture<Object>> details) {
        return CompletableFuture.allOf(details.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            boolean degraded = false;
            for (CompletableFuture<Object> detail : details) {
                Object value = detail.join();
                if (missing(value)) {
                    degraded = true;
                } else {
                    data.add(value);
                }
            }
            return new Section("cards", degraded ? "PARTIAL" : "OK", data);
        });
    }

    /**
     * The home from its parts as they stand: 503 when profile or accounts is not there; a part not there yet, or
     * failed, is its section's fallback.
     */
    static Home assemble(CompletableFuture<Object> profile, CompletableFuture<Section> accounts,
            CompletableFuture<Object> cardList, CompletableFuture<Section> cards, CompletableFuture<Section> openBanking,
            CompletableFuture<Object> banners) {
        Object p = profile.getNow(FAILED);
        if (missing(p)) {
            return unavailable("profile");
        }
        Section a = accounts.getNow(null);
        if (a == null) {
            return unavailable("accounts");
        }
        List<Section> sections = new ArrayList<>();
        sections.add(Section.ok("profile", p));
        sections.add(a);
        Object list = cardList.getNow(FAILED);
        sections.add(missing(list) ? new Section("cardList", "FALLBACK", List.of()) : Section.ok("cardList", list));
        sections.add(cards.getNow(new Section("cards", "FALLBACK", List.of())));
        sections.add(openBanking.getNow(new Section("openBanking", "FAILED", null)));
        Object b = banners.getNow(FAILED);
        sections.add(missing(b) ? new Section("banners", "FALLBACK", List.of()) : Section.ok("banners", b));
        return answer(sections);
    }
}
