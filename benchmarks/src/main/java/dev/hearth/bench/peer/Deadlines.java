package dev.hearth.bench.peer;

import java.time.Duration;

/**
 * The effective deadlines of screens/home.yml with config.yml's port timeouts (the smaller of the two), times
 * {@code scale} for runs against slower downstreams. The peers use them as socket timeouts and (pool peer) as
 * the time an optional part is waited for.
 */
record Deadlines(Duration profile, Duration accounts, Duration balance, Duration alias, Duration partnership,
        Duration cardList, Duration cardDetails, Duration openBanking, Duration banners, Duration budget) {

    static Deadlines scaled(double scale) {
        return new Deadlines(ms(300, scale), ms(400, scale), ms(300, scale), ms(200, scale), ms(300, scale),
                ms(300, scale), ms(300, scale), ms(600, scale), ms(250, scale), ms(800, scale));
    }

    private static Duration ms(long millis, double scale) {
        return Duration.ofMillis(Math.round(millis * scale));
    }
}
