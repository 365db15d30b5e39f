package dev.hearth.home.application.port.in;

import dev.hearth.dsl.ScreenResult;

/** Any screen, built by Hearth: find it, check its parameters, run it. */
public interface ShowScreenUseCase {
    /**
     * @throws ScreenQueryException for an unknown screen or section, or a missing parameter
     * @throws UnknownCustomerException when core banking does not know the customer
     */
    ScreenResult show(ScreenQuery query);
}
