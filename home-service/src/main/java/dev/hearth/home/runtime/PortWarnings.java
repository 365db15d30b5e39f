package dev.hearth.home.runtime;

import dev.hearth.home.resilience.PortPolicy;
import java.util.List;
import java.util.Map;

/**
 * Settings valid one by one that work against each other, one line each: logged at start-up and listed by a reload
 * as {@code warning:} lines. Warnings, not errors: each names a configuration that works, only not as its reader
 * likely meant.
 */
@FunctionalInterface
public interface PortWarnings {
    List<String> warnings(Map<String, PortPolicy> policies);

    /** The warnings of every check, in the order given. */
    static PortWarnings all(PortWarnings... checks) {
        List<PortWarnings> all = List.of(checks);
        return policies -> all.stream().flatMap(check -> check.warnings(policies).stream()).toList();
    }
}
