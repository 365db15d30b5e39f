package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads the legacy monolith's home screen for the customer, forwarding their authentication. */
@FunctionalInterface
public interface LoadLegacyHomePort {
    LegacyHome loadLegacyHome(RequestContext context) throws DownstreamException;
}
