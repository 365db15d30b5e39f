package dev.hearth.home.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.multibindings.Multibinder;
import dev.hearth.dsl.PortDefinition;
import dev.hearth.home.HomeApplication;
import dev.hearth.home.application.bindings.Registrar;
import dev.hearth.home.application.bindings.ScreenPorts;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import dev.hearth.home.testing.Timed;
import dev.hearth.ports.domain.model.CustomerId;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "How to add a port", proven: a record, its out-port, an adapter and one registration are all a new port
 * needs. Registered here through an extra module (a test cannot edit {@code ScreenBindings.REGISTRATIONS}), the port is
 * callable from a screen file, gets the timeout config.yml gives it, and has its circuit gauge like every other port.
 */
class AddAPortIT {
    /** The data: in {@code ports/domain/model}. */
    public record ExchangeRate(String currency, BigDecimal rate) {
    }

    /** The out-port: in {@code ports/domain/port/out}. */
    public interface LoadExchangeRatePort {
        ExchangeRate loadRate(CustomerId customer) throws InterruptedException;
    }

    /** The adapter: in {@code adapters/out/http/...}; here fixed rates, and one customer's call that never answers. */
    public static final class FixedRates implements LoadExchangeRatePort {
        @Override
        public ExchangeRate loadRate(CustomerId customer) throws InterruptedException {
            if (customer.value().equals("bob")) {
                Thread.sleep(Duration.ofMinutes(1)); // interrupted at the port's timeout
            }
            return new ExchangeRate("CHF", new BigDecimal("0.94"));
        }
    }

    /** The registration: for a port of an existing system, one more line in that system's registration. */
    public static final class ExchangeRatePorts implements ScreenPorts {
        private final LoadExchangeRatePort rates;

        @Inject
        public ExchangeRatePorts(LoadExchangeRatePort rates) {
            this.rates = rates;
        }

        @Override
        public Optional<String> downstream() {
            return Optional.empty();
        }

        @Override
        public void register(Registrar ports) {
            ports.read(PortDefinition.of("exchangeRate", CustomerId.class, ExchangeRate.class,
                    (customer, call) -> rates.loadRate(customer)));
        }
    }

    /** Hearth with the registration and the adapter bound, as ScreenBindings.REGISTRATIONS and the adapter would. */
    public static final class WithExchangeRates extends HomeApplication {
        public WithExchangeRates() {
            super(List.of(binder -> {
                Multibinder.newSetBinder(binder, ScreenPorts.class).addBinding().to(ExchangeRatePorts.class);
                binder.bind(LoadExchangeRatePort.class).to(FixedRates.class);
            }));
        }
    }

    static final String SCREEN = """
            screen: rates
            budget: 10s
            sections:
              - id: rate
                port: exchangeRate
                from: customer
                optional: true
                deadline: 10s
                fallback: { value: { currency: "unknown" } }
            """;

    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig().application(WithExchangeRates.class)
            .withScreenCopy(Map.of("rates.yml", SCREEN))
            .override("ports.exchangeRate.timeout", "300ms");

    @Test
    void aScreenCallsTheNewPort() {
        JsonNode rate = Http.section(APP.json("/v1/screens/rates", "alice"), "rate");

        assertThat(rate.get("status").asText()).isEqualTo("OK");
        assertThat(rate.get("data").get("currency").asText()).isEqualTo("CHF");
        assertThat(rate.get("data").get("rate").decimalValue()).isEqualByComparingTo("0.94");
    }

    @Test
    void theNewPortGetsTheTimeoutConfigYmlGivesIt() {
        Timed answer = APP.timed("/v1/screens/rates", "bob");

        JsonNode rate = Http.section(answer.json(), "rate");
        assertThat(rate.get("status").asText()).isEqualTo("FALLBACK");
        assertThat(rate.get("reason").asText()).isEqualTo("TIMEOUT");
        // The section's deadline and the budget are 10 s: only the port's 300 ms ends the call this early.
        assertThat(answer.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theNewPortHasItsPolicyAndMetricsLikeEveryOther() {
        // test-config.yml turns every breaker off; a port without a policy would say NONE.
        assertThat(APP.gauge("hearth.port.exchangeRate.circuit")).isEqualTo("DISABLED")
                .isEqualTo(APP.gauge("hearth.port.banners.circuit"));
    }
}
