package dev.hearth.home.adapter.in.admin;

import dev.hearth.home.runtime.ConfigReloader;
import io.dropwizard.servlets.tasks.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /tasks/reload}: re-reads the configuration file the server was started with and the
 * screens directory, and applies {@code ports:} and the screens without a restart. A bad file or value
 * answers 409 with the reason ({@link TaskProblemServlet}), and the running definition stays.
 */
public final class ReloadTask extends Task {
    private final ConfigReloader reloader;

    @Inject
    public ReloadTask(ConfigReloader reloader) {
        super("reload");
        this.reloader = Objects.requireNonNull(reloader, "reloader");
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        reloader.reload().forEach(output::println);
    }
}
