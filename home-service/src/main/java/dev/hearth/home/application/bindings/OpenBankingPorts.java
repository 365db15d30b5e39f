package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.port.out.LoadOpenBankingBalancesPort;
import jakarta.inject.Inject;
import java.util.Optional;

/** Open banking: the customer's balances at other banks (each call is paid for). */
public final class OpenBankingPorts implements ScreenPorts {
    private final LoadOpenBankingBalancesPort openBanking;

    @Inject
    public OpenBankingPorts(LoadOpenBankingBalancesPort openBanking) {
        this.openBanking = openBanking;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.of("openBanking");
    }

    @Override
    public void register(Registrar ports) {
        ports.read(PortDefinition.ofList("openBanking", CustomerId.class, ExternalBalance.class,
                (customer, call) -> openBanking.loadExternalBalances(context(call), customer)));
    }
}
