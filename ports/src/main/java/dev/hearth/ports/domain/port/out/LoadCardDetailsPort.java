package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads card details (card service): one card's, or many cards' in one call. */
@FunctionalInterface
public interface LoadCardDetailsPort {
    CardDetail loadCardDetail(RequestContext context, CardId card) throws DownstreamException;

    /**
     * The details of {@code cards}, each under its id; a card the service does not know is left out. One call for all
     * of them where the service has a batch call; this default makes one call per card.
     */
    default Map<CardId, CardDetail> loadCardDetails(RequestContext context, List<CardId> cards)
            throws DownstreamException {
        Map<CardId, CardDetail> details = new LinkedHashMap<>();
        for (CardId card : cards) {
            details.put(card, loadCardDetail(context, card));
        }
        return details;
    }
}
