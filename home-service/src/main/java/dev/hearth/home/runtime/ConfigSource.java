package dev.hearth.home.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationFactoryFactory;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers where the running configuration came from — the file, the source provider and the factory
 * (validator, {@code dw.*} overrides) — so the reload task can read the same file the same way again.
 * Installed as the bootstrap's ConfigurationFactoryFactory: every way Dropwizard starts (the
 * {@code server} command, DropwizardTestSupport) reads its configuration through it.
 */
public final class ConfigSource implements ConfigurationFactoryFactory<HomeConfiguration> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private record Origin(ConfigurationFactory<HomeConfiguration> factory, ConfigurationSourceProvider provider,
            String path, JsonNode tree) {
    }

    private final ConfigurationFactoryFactory<HomeConfiguration> delegate = new DefaultConfigurationFactoryFactory<>();
    private final AtomicReference<Origin> origin = new AtomicReference<>();

    @Override
    public ConfigurationFactory<HomeConfiguration> create(Class<HomeConfiguration> klass, Validator validator,
            ObjectMapper objectMapper, String propertyPrefix) {
        ConfigurationFactory<HomeConfiguration> real = delegate.create(klass, validator, objectMapper, propertyPrefix);
        return new ConfigurationFactory<>() {
            @Override
            public HomeConfiguration build(ConfigurationSourceProvider provider, String path)
                    throws IOException, ConfigurationException {
                rejectScreenFile(provider, path);
                HomeConfiguration configuration = real.build(provider, path);
                origin.set(new Origin(real, provider, path, tree(provider, path)));
                return configuration;
            }

            @Override
            public HomeConfiguration build() throws IOException, ConfigurationException {
                return real.build();
            }
        };
    }

    /** The file the running configuration was read from, when it was read from one. */
    public Optional<String> path() {
        return Optional.ofNullable(origin.get()).map(Origin::path);
    }

    /** The configuration file's bytes now, read as at start-up (through the same source provider). */
    public byte[] read() throws IOException {
        Origin at = origin.get();
        if (at == null) {
            throw new IllegalStateException("the configuration was not read from a file");
        }
        try (InputStream in = at.provider().open(at.path())) {
            return in.readAllBytes();
        }
    }

    /** The file read and validated again, exactly as at start-up. */
    public Reread reread() throws IOException, ConfigurationException {
        Origin at = origin.get();
        if (at == null) {
            throw new IllegalStateException("the configuration was not read from a file, so there is nothing to reload");
        }
        HomeConfiguration configuration = at.factory().build(at.provider(), at.path());
        return new Reread(at.path(), configuration, at.tree(), tree(at.provider(), at.path()));
    }

    /**
     * A freshly read configuration, with the file's YAML as it was at start-up and as it is now, so
     * changes to keys that cannot be reloaded can be pointed out.
     */
    public record Reread(String path, HomeConfiguration configuration, JsonNode atStartUp, JsonNode now) {
    }

    /**
     * A screen file (a top-level {@code screen:}) named where the configuration belongs, the first argument of every
     * command: Jackson would report its keys one by one, in a stack trace.
     */
    private static void rejectScreenFile(ConfigurationSourceProvider provider, String path) {
        JsonNode tree;
        try {
            tree = tree(provider, path);
        } catch (IOException e) {
            return; // a missing file or broken YAML: Dropwizard's own read says so, with the line
        }
        if (tree.isObject() && tree.has("screen")) {
            throw new ScreenFileGiven(path);
        }
    }

    /**
     * A screen file given as the configuration. One line however it is printed: the message is the whole story, so it
     * has no stack trace and its {@code toString} is the message (Dropwizard's commands print a failure's stack trace).
     */
    public static final class ScreenFileGiven extends RuntimeException {
        ScreenFileGiven(String path) {
            super(path + " is a screen file, not a config file: name the config file first, as in ./hearth check-screens "
                    + "config.yml " + path + " or ./hearth server config.yml", null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    private static JsonNode tree(ConfigurationSourceProvider provider, String path) throws IOException {
        try (InputStream in = provider.open(path)) {
            JsonNode tree = YAML.readTree(in);
            return tree == null ? YAML.createObjectNode() : tree;
        }
    }
}
