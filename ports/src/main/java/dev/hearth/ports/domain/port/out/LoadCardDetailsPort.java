package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads one card's detail (card service): one call per card. */
@FunctionalInterface
public interface LoadCardDetailsPort {
    CardDetail loadCardDetail(RequestContext context, CardId card) throws DownstreamException;
}
