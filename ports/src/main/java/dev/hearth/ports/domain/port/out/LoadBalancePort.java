package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads one account's balance (core banking). */
@FunctionalInterface
public interface LoadBalancePort {
    Balance loadBalance(RequestContext context, AccountId account) throws DownstreamException;
}
