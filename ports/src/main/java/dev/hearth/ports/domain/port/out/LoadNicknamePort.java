package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads an account's nickname, assigning and storing the default one when it has none (Hearth's database). Idempotent and safe under concurrent calls. */
@FunctionalInterface
public interface LoadNicknamePort {
    Nickname loadOrAssignNickname(RequestContext context, Account account) throws DownstreamException;
}
