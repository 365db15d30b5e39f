package dev.hearth.home.application.bindings;

import static dev.hearth.home.application.bindings.ScreenBindings.context;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.ports.domain.model.Banner;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.port.out.LoadBannersPort;
import jakarta.inject.Inject;
import java.util.Optional;

/** Marketing: the banners shown to the customer. */
public final class MarketingPorts implements ScreenPorts {
    private final LoadBannersPort banners;

    @Inject
    public MarketingPorts(LoadBannersPort banners) {
        this.banners = banners;
    }

    @Override
    public Optional<String> downstream() {
        return Optional.of("marketing");
    }

    @Override
    public void register(Registrar ports) {
        ports.read(PortDefinition.ofList("banners", CustomerId.class, Banner.class,
                (customer, call) -> banners.loadBanners(context(call), customer)));
    }
}
