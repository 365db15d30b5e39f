package dev.hearth.bench.peer;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.util.ArrayList;
import java.util.List;

/** The legacy way: every call after the one before, on the request's thread; socket timeouts are the only limit. */
final class SequentialHome extends HomeComposition {

    SequentialHome(HomePorts ports) {
        super(ports);
    }

    @Override
    Home home(CustomerId customer, String token, String requestId) {
        RequestContext context = context(customer, token, requestId);
        List<Section> sections = new ArrayList<>();
        try {
            sections.add(Section.ok("profile", ports.profile().loadProfile(context, customer)));
        } catch (DownstreamException | RuntimeException e) {
            return unavailable("profile");
        }
        List<Account> accounts;
        try {
            accounts = ports.accounts().loadAccounts(context, customer);
        } catch (DownstreamException | RuntimeException e) {
            return unavailable("accounts");
        }
        boolean degraded = false;
        List<Object> items = new ArrayList<>();
        for (Account account : accounts) {
            Object balance = null;
            Object alias = null;
            Object partnership = null;
            try {
                balance = ports.balance().loadBalance(context, account.id());
            } catch (DownstreamException | RuntimeException e) {
                degraded = true;
            }
            try {
                alias = ports.nickname().loadOrAssignNickname(context, account).value();
            } catch (DownstreamException | RuntimeException e) {
                degraded = true;
            }
            try {
                partnership = ports.partnership().loadPartnership(context, account.id());
            } catch (DownstreamException e) {
                degraded |= e.kind() != DownstreamException.Kind.NOT_FOUND;
            } catch (RuntimeException e) {
                degraded = true;
            }
            items.add(enriched(account, balance, alias, partnership));
        }
        sections.add(new Section("accounts", degraded ? "PARTIAL" : "OK", items));
        List<CardSummary> cards;
        try {
            cards = ports.cards().loadCards(context, customer);
            sections.add(Section.ok("cardList", cards));
        } catch (DownstreamException | RuntimeException e) {
            cards = List.of();
            sections.add(new Section("cardList", "FALLBACK", List.of()));
        }
        List<CardDetail> details = new ArrayList<>();
        boolean cardsDegraded = false;
        for (CardSummary card : cards) {
            try {
                details.add(ports.cardDetails().loadCardDetail(context, card.id()));
            } catch (DownstreamException | RuntimeException e) {
                cardsDegraded = true;
            }
        }
        sections.add(new Section("cards", cardsDegraded ? "PARTIAL" : "OK", details));
        sections.add(openBanking(context));
        try {
            sections.add(Section.ok("banners", ports.banners().loadBanners(context, customer)));
        } catch (DownstreamException | RuntimeException e) {
            sections.add(new Section("banners", "FALLBACK", List.of()));
        }
        return answer(sections);
    }
}
