package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads the partner programme of one account (partner service). */
@FunctionalInterface
public interface LoadPartnershipPort {
    Partnership loadPartnership(RequestContext context, AccountId account) throws DownstreamException;
}
