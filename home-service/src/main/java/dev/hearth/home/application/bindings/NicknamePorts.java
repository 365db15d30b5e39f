package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Nickname;
import dev.hearth.ports.domain.port.out.NicknamePort;
import jakarta.inject.Inject;
import java.util.Optional;

/** Hearth's own database: an account's nickname, a default one assigned and stored the first time. */
public final class NicknamePorts implements ScreenPorts {
    private final NicknamePort nicknames;

    @Inject
    public NicknamePorts(NicknamePort nicknames) {
        this.nicknames = nicknames;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.empty();
    }

    @Override
    public void register(Registrar ports) {
        // Batch form: the accounts of a home ready together, one query (and one insert for the missing defaults).
        ports.write(PortDefinition.<CustomerId, Account, String>of("nickname", Account.class, String.class,
                        (account, call) -> nicknames.loadOrAssignNickname(context(call), account).value())
                .withBatch((accounts, call) -> nicknames.loadOrAssignNicknames(context(call), accounts),
                        (answer, account) -> {
                            Nickname nickname = answer.get(account.id());
                            return nickname == null ? null : nickname.value();
                        }));
    }
}
