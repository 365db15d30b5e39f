package dev.hearth.home.resilience;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.testing.HearthApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad ports: block stops the whole application at start-up, naming the key to fix. */
class PortPolicyStartupIT {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ports.nickname.retry.maxAttempts                | 2     | ports.nickname.retry.maxAttempts: port 'nickname' writes",
            "ports.balance.retry.maxAtempts                  | 2     | maxAtempts",
            "ports.balance.retry.backoff                     | -5ms  | ports.balance.retry.backoff",
            "ports.balance.retry.maxBackoff                  | 1ms   | ports.balance.retry.maxBackoff: 1ms is less than backoff 25ms",
            "ports.defaults.circuitBreaker.failureRateThreshold | 0  | ports.defaults.circuitBreaker.failureRateThreshold",
            "ports.banners.circuitBreaker.halfOpenCalls      | 11    | ports.banners.circuitBreaker.halfOpenCalls: 11 is more than minimumCalls 10",
            "ports.bannerz.timeout                           | 100ms | ports.bannerz: names no port",
            "ports.alias.timeout                             | 200ms | ports.alias: names no port (a typo?). Ports are: "
                    + "[account, accounts, activities, balance, banners, cardDetails, cardList, nickname, openBanking, "
                    + "partnership, profile], and `defaults` for all of them"})
    void aBadPortsKeyStopsStartUpNamingIt(String key, String value, String message) {
        HearthApp app = HearthApp.onTestConfig().override(key, value);
        try {
            assertThatThrownBy(app::start).hasStackTraceContaining(message);
        } finally {
            app.stop();
        }
    }
}
