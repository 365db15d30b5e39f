package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/**
 * An account's nickname in Hearth's database. It writes: an account without one is assigned the default nickname,
 * which is stored and returned. Idempotent and safe under concurrent calls.
 */
@FunctionalInterface
public interface NicknamePort {
    Nickname loadOrAssignNickname(RequestContext context, Account account) throws DownstreamException;
}
