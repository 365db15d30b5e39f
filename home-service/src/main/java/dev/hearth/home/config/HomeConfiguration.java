package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.AdminFactory;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything ops set in {@code config.yml}: server, database, auth, the sandbox, and per downstream
 * the HTTP client, per port its resilience policy, and the engine's limit on calls at once. See the README's configuration reference.
 */
public final class HomeConfiguration extends Configuration {

    @Valid
    @NotNull
    @JsonProperty
    private DataSourceFactory database = new DataSourceFactory();

    @Valid
    @NotNull
    @JsonProperty
    private AuthFactory auth = new AuthFactory();

    @Valid
    @NotNull
    @JsonProperty
    private SandboxFactory sandbox = new SandboxFactory();

    /** Directory holding the screen definitions ({@code *.yml}). */
    @NotEmpty
    @JsonProperty
    private String screens = "screens";

    @Valid
    @NotNull
    @JsonProperty
    private Map<String, DownstreamFactory> downstreams = new LinkedHashMap<>();

    /** Per port: timeout, retry, circuit breaker, bulkhead; a {@code defaults} block for all of them. */
    @NotNull
    @JsonProperty
    private PortsFactory ports = new PortsFactory();

    /** How many port calls may run at once, optional calls shed first. */
    @Valid
    @NotNull
    @JsonProperty
    private EngineFactory engine = new EngineFactory();

    /** Moving the home screen off the legacy monolith: rollout, legacy fallback, shadow comparison. */
    @Valid
    @NotNull
    @JsonProperty
    private MigrationFactory migration = new MigrationFactory();

    /** Following the screen files and {@code ports:} when their files change (docs/adr/021-fleet-config.md). */
    @Valid
    @NotNull
    @JsonProperty
    private ReloadFactory reload = new ReloadFactory();
    /** Where last good values (freshness, stale fallbacks) are kept: in memory, or shared on Redis. */
    @Valid
    @NotNull
    @JsonProperty
    private ResultStoreFactory resultStore = new ResultStoreFactory();
    /** Homes built for the JIT before this instance reports ready (docs/adr/018-probes-warm-up-and-drain.md). */
    @Valid
    @NotNull
    @JsonProperty
    private WarmUpFactory warmUp = new WarmUpFactory();
    /** How each instance follows the kill switches in the database (docs/adr/027-kill-switches.md). */
    @Valid
    @NotNull
    @JsonProperty
    private FollowerFactory killSwitches = new FollowerFactory();
    /** How each instance follows the experiments in the database (docs/adr/029-experiments.md). */
    @Valid
    @NotNull
    @JsonProperty
    private FollowerFactory experiments = new FollowerFactory();

    /** Requests that waited too long since they arrived, answered at once (docs/adr/031-answer-on-time.md). */
    @Valid
    @NotNull
    @JsonProperty
    private OverloadFactory overload = new OverloadFactory();

    public HomeConfiguration() {
        setAdminFactory(new AdminAccessFactory());
    }

    /** Dropwizard's {@code admin:} block, read as Hearth's: with who may use the admin port. */
    @Override
    @JsonProperty("admin")
    @JsonDeserialize(as = AdminAccessFactory.class)
    public void setAdminFactory(AdminFactory admin) {
        super.setAdminFactory(admin);
    }

    /** {@code admin:}: the admin port's health checks, tasks, user and password hash. */
    public AdminAccessFactory getAdminAccess() {
        return (AdminAccessFactory) getAdminFactory();
    }

    public DataSourceFactory getDatabase() {
        return database;
    }

    public AuthFactory getAuth() {
        return auth;
    }

    public SandboxFactory getSandbox() {
        return sandbox;
    }

    public String getScreens() {
        return screens;
    }

    public Map<String, DownstreamFactory> getDownstreams() {
        return downstreams;
    }

    public PortsFactory getPorts() {
        return ports;
    }

    public EngineFactory getEngine() {
        return engine;
    }

    public FollowerFactory getKillSwitches() {
        return killSwitches;
    }

    public FollowerFactory getExperiments() {
        return experiments;
    }

    public ReloadFactory getReload() {
        return reload;
    }

    public MigrationFactory getMigration() {
        return migration;
    }

    public ResultStoreFactory getResultStore() {
        return resultStore;
    }

    public OverloadFactory getOverload() {
        return overload;
    }

    public WarmUpFactory getWarmUp() {
        return warmUp;
    }
}
