package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads the customer's accounts (core banking). */
@FunctionalInterface
public interface LoadAccountsPort {
    List<Account> loadAccounts(RequestContext context, CustomerId customer) throws DownstreamException;
}
