package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads the customer's balances at other banks (open banking; every call costs money). */
@FunctionalInterface
public interface LoadOpenBankingBalancesPort {
    List<ExternalBalance> loadExternalBalances(RequestContext context, CustomerId customer) throws DownstreamException;
}
