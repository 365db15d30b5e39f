package dev.hearth.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.Money;
import dev.hearth.ports.domain.model.Partnership;
import java.util.List;

/**
 * The downstreams' wire format, as adapters/DOWNSTREAMS.md documents it. Written here on its own,
 * not shared with the adapters at compile time: SandboxIT is what proves the two agree.
 */
final class DownstreamJson {
    private final ObjectMapper mapper;

    DownstreamJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode profile(CustomerProfile profile) {
        return mapper.createObjectNode()
                .put("customerId", profile.id().value())
                .put("displayName", profile.displayName())
                .put("segment", profile.segment());
    }

    ObjectNode accounts(String customerId, List<Account> accounts) {
        ObjectNode json = mapper.createObjectNode().put("customerId", customerId);
        ArrayNode items = json.putArray("accounts");
        for (Account account : accounts) {
            items.addObject()
                    .put("accountId", account.id().value())
                    .put("type", account.type().name())
                    .put("productName", account.productName())
                    .put("maskedIban", account.maskedIban())
                    .put("currency", account.currency());
        }
        return json;
    }

    ObjectNode balance(Balance balance) {
        ObjectNode json = mapper.createObjectNode().put("accountId", balance.accountId().value());
        json.set("available", money(balance.available()));
        json.set("booked", money(balance.booked()));
        return json.put("asOf", balance.asOf().toString());
    }

    ObjectNode activities(String accountId, List<Activity> activities) {
        ObjectNode json = mapper.createObjectNode().put("accountId", accountId);
        ArrayNode items = json.putArray("activities");
        for (Activity activity : activities) {
            ObjectNode item = items.addObject()
                    .put("id", activity.id())
                    .put("bookingDate", activity.bookingDate().toString());
            item.set("amount", money(activity.amount()));
            item.put("description", activity.description());
        }
        return json;
    }

    ObjectNode partnership(Partnership partnership) {
        return mapper.createObjectNode()
                .put("accountId", partnership.accountId().value())
                .put("partnerName", partnership.partnerName())
                .put("programme", partnership.programme())
                .put("tier", partnership.tier());
    }

    ObjectNode cards(String customerId, List<CardSummary> cards) {
        ObjectNode json = mapper.createObjectNode().put("customerId", customerId);
        ArrayNode items = json.putArray("cards");
        for (CardSummary card : cards) {
            items.addObject().put("cardId", card.id().value()).put("maskedPan", card.maskedPan());
        }
        return json;
    }

    ObjectNode card(CardDetail card) {
        ObjectNode json = mapper.createObjectNode()
                .put("cardId", card.id().value())
                .put("maskedPan", card.maskedPan())
                .put("brand", card.brand())
                .put("status", card.status().name());
        json.set("limit", money(card.limit()));
        json.set("spent", money(card.spent()));
        return json;
    }

    /** The batch card-details answer: {@code {"cards": [detail, ...]}}, the cards found. */
    ObjectNode cardBatch(List<CardDetail> cards) {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode items = json.putArray("cards");
        cards.forEach(card -> items.add(card(card)));
        return json;
    }

    ObjectNode externalBalances(String customerId, List<ExternalBalance> balances) {
        ObjectNode json = mapper.createObjectNode().put("customerId", customerId);
        ArrayNode items = json.putArray("balances");
        for (ExternalBalance balance : balances) {
            ObjectNode item = items.addObject()
                    .put("bankName", balance.bankName())
                    .put("maskedIban", balance.maskedIban());
            item.set("balance", money(balance.balance()));
            item.put("asOf", balance.asOf().toString());
        }
        return json;
    }

    ObjectNode banners(List<Banner> banners) {
        ObjectNode json = mapper.createObjectNode();
        ArrayNode items = json.putArray("banners");
        for (Banner banner : banners) {
            items.addObject()
                    .put("id", banner.id())
                    .put("title", banner.title())
                    .put("imageUrl", banner.imageUrl())
                    .put("link", banner.link());
        }
        return json;
    }

    /** An RFC 9457 problem document. */
    ObjectNode problem(int status, String title, String detail) {
        return mapper.createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
    }

    /** Amounts travel as strings, so no JSON parser turns them into floating point. */
    private ObjectNode money(Money money) {
        return mapper.createObjectNode()
                .put("amount", money.amount().toPlainString())
                .put("currency", money.currency());
    }
}
