package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.Partnership;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadPartnershipPort;
import jakarta.inject.Inject;
import java.util.Optional;

/** The partner service: the partner programme an account is in. */
public final class PartnerPorts implements ScreenPorts {
    private final LoadPartnershipPort partners;

    @Inject
    public PartnerPorts(LoadPartnershipPort partners) {
        this.partners = partners;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.of("partners");
    }

    @Override
    public void register(Registrar ports) {
        ports.read(PortDefinition.of("partnership", Account.class, Partnership.class, this::partnership));
    }

    /** An account in no partner programme has no partnership: absent, not an error. */
    private Partnership partnership(Account account, CallContext<CustomerId> call) throws DownstreamException {
        try {
            return partners.loadPartnership(context(call), account.id());
        } catch (DownstreamException e) {
            if (e.kind() == DownstreamException.Kind.NOT_FOUND) {
                throw new NotFoundException("account " + account.id() + " is in no partner programme");
            }
            throw e;
        }
    }
}
