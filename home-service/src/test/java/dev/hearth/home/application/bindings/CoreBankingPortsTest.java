package dev.hearth.home.application.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.dsl.CallContext;
import dev.hearth.dsl.NotFoundException;
import dev.hearth.dsl.Reason;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Core banking's "not found" for a call keyed by the customer is the unknown customer; any other failure stays itself. */
class CoreBankingPortsTest {
    private static final CustomerId MALLORY = new CustomerId("mallory");
    private static final CallContext<CustomerId> CALL = new CallContext<>("req-1", MALLORY, Map.of(), "profile",
            Instant.now().plusSeconds(5));

    private static BoundPorts bound(Kind kind) {
        DownstreamException failure = new DownstreamException("coreBanking", kind, "GET ... answered");
        CoreBankingPorts ports = new CoreBankingPorts(
                (context, customer) -> {
                    throw failure;
                },
                (context, customer) -> {
                    throw failure;
                },
                (context, account) -> {
                    throw failure;
                },
                (context, account, limit) -> {
                    throw failure;
                });
        return new Registrar(port -> Optional.empty()).register(List.of(ports));
    }

    private static Object call(BoundPorts ports, String port, Object input) throws Exception {
        return ports.registry().find(port).orElseThrow().call(input, CALL);
    }

    @Test
    void notFoundForTheCustomersProfileAccountsOrOwnAccountIsTheUnknownCustomer() {
        BoundPorts ports = bound(Kind.NOT_FOUND);
        for (var call : List.<Map.Entry<String, Object>>of(Map.entry("profile", MALLORY),
                Map.entry("accounts", MALLORY), Map.entry("account", "ACC-1"))) {
            assertThatThrownBy(() -> call(ports, call.getKey(), call.getValue())).as(call.getKey())
                    .isExactlyInstanceOf(NotFoundException.class)
                    .hasMessage(UnknownCustomer.MESSAGE);
        }
    }

    @Test
    void anyOtherFailureOfCoreBankingIsLeftAsItIs() {
        for (Kind kind : List.of(Kind.UNAVAILABLE, Kind.BAD_RESPONSE, Kind.REFUSED)) {
            BoundPorts ports = bound(kind);
            assertThatThrownBy(() -> call(ports, "profile", MALLORY)).as(kind.name())
                    .isInstanceOf(DownstreamException.class)
                    .satisfies(e -> assertThat(((DownstreamException) e).kind()).isEqualTo(kind));
        }
    }

    @Test
    void onlyTheUnknownCustomersNotFoundIsTheUnknownCustomer() {
        assertThat(UnknownCustomer.is(new ScreenFailure("profile", Reason.ERROR, true, UnknownCustomer.MESSAGE)))
                .isTrue();
        assertThat(UnknownCustomer.is(new ScreenFailure("account", Reason.ERROR, true,
                "no account 'ACC-1' for this customer"))).isFalse();
        assertThat(UnknownCustomer.is(new ScreenFailure("profile", Reason.ERROR, false, UnknownCustomer.MESSAGE)))
                .as("a failure that is not a not-found").isFalse();
    }
}
