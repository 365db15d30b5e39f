package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's nickname in Hearth's database. It writes: an account without one is assigned the default nickname,
 * which is stored and returned. Idempotent and safe under concurrent calls.
 */
@FunctionalInterface
public interface NicknamePort {
    Nickname loadOrAssignNickname(RequestContext context, Account account) throws DownstreamException;

    /**
     * The nicknames of {@code accounts}, each under its account id, the missing defaults assigned and stored: for a
     * whole home at once. This default makes one call per account; the database adapter reads them in one query.
     */
    default Map<AccountId, Nickname> loadOrAssignNicknames(RequestContext context, List<Account> accounts)
            throws DownstreamException {
        Map<AccountId, Nickname> nicknames = new LinkedHashMap<>();
        for (Account account : accounts) {
            nicknames.put(account.id(), loadOrAssignNickname(context, account));
        }
        return nicknames;
    }
}
