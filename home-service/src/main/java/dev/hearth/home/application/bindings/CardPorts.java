package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.CardDetail;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.LoadCardDetailsPort;
import dev.hearth.ports.domain.port.out.LoadCardsPort;
import jakarta.inject.Inject;
import java.util.Optional;

/** The card service: the customer's cards, and their details (one call per card, or a batch call for many). */
public final class CardPorts implements ScreenPorts {
    private final LoadCardsPort cards;
    private final LoadCardDetailsPort details;

    @Inject
    public CardPorts(LoadCardsPort cards, LoadCardDetailsPort details) {
        this.cards = cards;
        this.details = details;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.of("cards");
    }

    @Override
    public void register(Registrar ports) {
        ports.read(PortDefinition.ofList("cardList", CustomerId.class, CardSummary.class,
                        (customer, call) -> cards.loadCards(context(call), customer)))
                // Batch form: the cards of a fan-out ready together, one call (GET /cards/cards?ids=...), each card's
                // detail found by its id; a card the answer lacks degrades alone.
                .read(PortDefinition.<CustomerId, CardSummary, CardDetail>of("cardDetails", CardSummary.class,
                                CardDetail.class, (card, call) -> details.loadCardDetail(context(call), card.id()))
                        .withBatch((cards, call) -> details.loadCardDetails(context(call),
                                cards.stream().map(CardSummary::id).toList()),
                                (answer, card) -> answer.get(card.id())));
    }
}
