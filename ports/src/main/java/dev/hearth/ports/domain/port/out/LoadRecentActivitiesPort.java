package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.*;
import java.util.List;

/** Loads one account's most recent transactions, newest first (core banking). */
@FunctionalInterface
public interface LoadRecentActivitiesPort {
    List<Activity> loadRecentActivities(RequestContext context, AccountId account, int limit) throws DownstreamException;
}
