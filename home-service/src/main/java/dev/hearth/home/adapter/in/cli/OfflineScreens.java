package dev.hearth.home.adapter.in.cli;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.home.HomeConfiguration;
import dev.hearth.home.application.ScreenBindings;
import dev.hearth.home.resilience.PortPolicy;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.LoadAccountsPort;
import dev.hearth.ports.domain.port.out.LoadBalancePort;
import dev.hearth.ports.domain.port.out.LoadBannersPort;
import dev.hearth.ports.domain.port.out.LoadCardDetailsPort;
import dev.hearth.ports.domain.port.out.LoadCardsPort;
import dev.hearth.ports.domain.port.out.LoadCustomerProfilePort;
import dev.hearth.ports.domain.port.out.LoadNicknamePort;
import dev.hearth.ports.domain.port.out.LoadOpenBankingBalancesPort;
import dev.hearth.ports.domain.port.out.LoadPartnershipPort;
import dev.hearth.ports.domain.port.out.LoadRecentActivitiesPort;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

/**
 * The engine screens are compiled against in the server — the same port names, input and output types
 * ({@link ScreenBindings}) and the timeouts config.yml resolves to — with no adapter behind the ports, so
 * the authoring commands run without downstreams or a database. Calling a port is a bug.
 */
final class OfflineScreens {
    private OfflineScreens() {
    }

    /**
     * @throws IllegalArgumentException naming every bad {@code ports.*} key of the configuration
     */
    static AggregationEngine<CustomerId> engine(HomeConfiguration configuration) {
        ScreenBindings.DomainPorts none = new ScreenBindings.DomainPorts(
                unavailable(LoadCustomerProfilePort.class), unavailable(LoadAccountsPort.class),
                unavailable(LoadBalancePort.class), unavailable(LoadRecentActivitiesPort.class),
                unavailable(LoadPartnershipPort.class), unavailable(LoadNicknamePort.class),
                unavailable(LoadCardsPort.class), unavailable(LoadCardDetailsPort.class),
                unavailable(LoadOpenBankingBalancesPort.class), unavailable(LoadBannersPort.class));
        PortRegistry<CustomerId> bare = ScreenBindings.registry(none, name -> Optional.empty());
        Map<String, PortPolicy> policies = configuration.getPorts().resolve(bare.names(), ScreenBindings.WRITES);
        PortRegistry<CustomerId> timed = ScreenBindings.registry(none,
                name -> Optional.ofNullable(policies.get(name)).map(PortPolicy::timeout));
        return AggregationEngine.builder(CustomerId.class).ports(timed).build();
    }

    private static <T> T unavailable(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "offline " + port.getSimpleName();
                };
            }
            throw new UnsupportedOperationException(port.getSimpleName() + " is not connected: the screen "
                    + "commands only compile and plan screens, they never call a port");
        }));
    }
}
