package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads the banners marketing wants this customer to see. */
@FunctionalInterface
public interface LoadBannersPort {
    List<Banner> loadBanners(RequestContext context, CustomerId customer) throws DownstreamException;
}
