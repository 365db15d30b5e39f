package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads who the customer is (core banking). */
@FunctionalInterface
public interface LoadCustomerProfilePort {
    CustomerProfile loadProfile(RequestContext context, CustomerId customer) throws DownstreamException;
}
