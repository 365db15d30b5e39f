package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Lists the customer's cards (card service). */
@FunctionalInterface
public interface LoadCardsPort {
    List<CardSummary> loadCards(RequestContext context, CustomerId customer) throws DownstreamException;
}
