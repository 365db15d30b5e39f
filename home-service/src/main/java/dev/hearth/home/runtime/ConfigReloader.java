package dev.hearth.home.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.dsl.ScreenDefinitionException;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads what is safe to reload at run time — {@code ports:} (timeouts, retries, breakers, bulkheads)
 * and the screen files — from the file the server was started with. Everything is read, checked and
 * built before anything is swapped: a bad file or value is rejected with the reason, and the running
 * definition stays. Changes to other keys (server, database, ...) are not applied, only pointed out.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    /** The top-level keys a reload applies; the rest need a restart. */
    public static final Set<String> RELOADABLE = Set.of("ports", "screens");

    /** A reload that changed nothing, and why. */
    public static final class RejectedException extends RuntimeException {
        RejectedException(String reason) {
            super(reason, null, false, false); // the reason is the whole story: no stack trace in the task's answer
        }
    }

    private final ConfigSource source;
    private final ScreenRuntime runtime;

    @Inject
    public ConfigReloader(ConfigSource source, ScreenRuntime runtime) {
        this.source = Objects.requireNonNull(source, "source");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * @return what the reload did, one line each
     * @throws RejectedException with the reason, when nothing was changed
     */
    public List<String> reload() {
        ConfigSource.Reread reread;
        try {
            reread = source.reread();
        } catch (ConfigurationException | IOException | RuntimeException e) {
            throw rejected("the configuration file could not be read: " + e.getMessage());
        }
        HomeConfiguration configuration = reread.configuration();
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(runtime.reload(configuration.getPorts(), Path.of(configuration.getScreens())));
        } catch (IllegalArgumentException | ScreenDefinitionException e) {
            throw rejected(e.getMessage());
        }
        lines.addFirst("reloaded ports and screens from " + reread.path());
        for (String key : notReloaded(reread.atStartUp(), reread.now())) {
            lines.add("note: " + key + " changed in the file but cannot be reloaded; restart to apply it");
        }
        LOG.info("reload: {}", String.join("; ", lines));
        return lines;
    }

    private static RejectedException rejected(String reason) {
        LOG.warn("reload rejected, the running definition stays: {}", reason);
        return new RejectedException("reload rejected, the running definition stays:\n" + reason);
    }

    private static Set<String> notReloaded(JsonNode before, JsonNode now) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode tree : List.of(before, now)) {
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
        }
        keys.removeIf(key -> RELOADABLE.contains(key) || Objects.equals(before.get(key), now.get(key)));
        return keys;
    }
}
