package dev.hearth.home.application.port.in;

/**
 * The home screen during the move off the legacy monolith: built by Hearth or answered by the legacy home, as the
 * rollout says, and by legacy too when Hearth cannot build it.
 */
public interface ServeHomeUseCase {
    /**
     * @throws LegacyUnavailableException when the legacy home had to answer and could not
     * @throws UnknownCustomerException when core banking (or legacy, for a customer it serves) does not know the
     *                                  customer: never answered by legacy instead
     */
    HomeAnswer serve(ScreenQuery query);
}
