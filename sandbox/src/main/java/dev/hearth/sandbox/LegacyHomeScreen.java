package dev.hearth.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.Nickname;
import java.util.List;
import java.util.Optional;

/**
 * The legacy monolith's home screen, as the sandbox plays it: the same response contract as Hearth
 * ({@code {"screen":"home","complete":true,"sections":[...]}}, each item in the JSON shape Jackson
 * gives the domain records), but computed SEQUENTIALLY: every part waits for the one before, so its
 * latency is the sum of its calls, and grows with every account and every card.
 */
final class LegacyHomeScreen {
    /** Waits out one part's latency; false when the sandbox is closing and the answer should be abandoned. */
    @FunctionalInterface
    interface Pace {
        boolean await(Endpoint part);
    }

    private final DemoBank bank;
    private final ObjectMapper mapper;

    LegacyHomeScreen(DemoBank bank, ObjectMapper mapper) {
        this.bank = bank;
        this.mapper = mapper;
    }

    /** How the legacy side sees one part's data (the sandbox's data faults); identity when none. */
    @FunctionalInterface
    interface View {
        JsonNode of(Endpoint part, JsonNode data);
    }

    /** The customer's home; empty if the sandbox closed while it was being computed. */
    Optional<ObjectNode> render(DemoBank.Customer customer, Pace pace) {
        return render(customer, pace, (part, data) -> data);
    }

    /** The customer's home, each part's data as {@code view} has the legacy side see it. */
    Optional<ObjectNode> render(DemoBank.Customer customer, Pace pace, View view) {
        ObjectNode home = mapper.createObjectNode().put("screen", "home").put("complete", true);
        ArrayNode sections = home.putArray("sections");

        if (!pace.await(Endpoint.PROFILE)) {
            return Optional.empty();
        }
        section(sections, "profile").set("data", view.of(Endpoint.PROFILE, mapper.valueToTree(customer.profile())));

        if (!pace.await(Endpoint.ACCOUNTS)) {
            return Optional.empty();
        }
        ArrayNode accounts = section(sections, "accounts").putArray("data");
        for (Account account : customer.accounts()) {
            ObjectNode item = (ObjectNode) view.of(Endpoint.ACCOUNTS, mapper.valueToTree(account));
            if (!pace.await(Endpoint.BALANCE)) {
                return Optional.empty();
            }
            item.set("balance", view.of(Endpoint.BALANCE, mapper.valueToTree(bank.balance(account))));
            item.put("alias", Nickname.defaultFor(account).value());
            if (!pace.await(Endpoint.PARTNERSHIP)) {
                return Optional.empty();
            }
            bank.partnership(account.id().value())
                    .ifPresent(p -> item.set("partnership", view.of(Endpoint.PARTNERSHIP, mapper.valueToTree(p))));
            accounts.add(item);
        }

        if (!pace.await(Endpoint.CARD_LIST)) {
            return Optional.empty();
        }
        List<CardSummary> cardList = DemoBank.summaries(customer);
        section(sections, "cardList").set("data", view.of(Endpoint.CARD_LIST, mapper.valueToTree(cardList)));
        ArrayNode cards = section(sections, "cards").putArray("data");
        for (CardDetail card : customer.cards()) {
            if (!pace.await(Endpoint.CARD_DETAILS)) {
                return Optional.empty();
            }
            cards.add(view.of(Endpoint.CARD_DETAILS, mapper.valueToTree(card)));
        }

        if (!pace.await(Endpoint.OPEN_BANKING)) {
            return Optional.empty();
        }
        section(sections, "openBanking").set("data",
                view.of(Endpoint.OPEN_BANKING, mapper.valueToTree(bank.externalBalances(customer))));

        if (!pace.await(Endpoint.BANNERS)) {
            return Optional.empty();
        }
        section(sections, "banners").set("data", view.of(Endpoint.BANNERS, mapper.valueToTree(customer.banners())));
        return Optional.of(home);
    }

    private static ObjectNode section(ArrayNode sections, String id) {
        return sections.addObject().put("id", id).put("status", "OK");
    }
}
