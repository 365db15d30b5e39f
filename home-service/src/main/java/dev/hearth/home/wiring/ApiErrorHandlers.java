package dev.hearth.home.wiring;

import dev.hearth.home.adapter.in.rest.ProblemErrorHandler;
import io.dropwizard.core.setup.Environment;
import jakarta.inject.Inject;
import java.util.Objects;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Makes Jetty's own errors on the API connector problems ({@link ProblemErrorHandler}), as the server starts (it does
 * not exist while the application runs {@code run}). Jetty asks the error handler of the request's context, else the
 * server's: the application context gets Hearth's (a servlet's {@code sendError}, e.g. Dropwizard's 405), and so does
 * the server (what fails before any context: the parser, the URI checks, the header limits) for every connector but
 * the admin one, which keeps Dropwizard's.
 */
final class ApiErrorHandlers implements LifeCycle.Listener {
    /** The name Dropwizard's {@code DefaultServerFactory} gives the admin connectors. */
    static final String ADMIN_CONNECTOR = "admin";

    private final Environment environment;

    @Inject
    ApiErrorHandlers(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (!(event instanceof Server server)) {
            return;
        }
        ProblemErrorHandler problems = new ProblemErrorHandler();
        Request.Handler dropwizards = server.getErrorHandler();
        environment.getApplicationContext().setErrorHandler(problems);
        server.setErrorHandler((Request.Handler) (request, response, callback) ->
                ADMIN_CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName()) && dropwizards != null
                        ? dropwizards.handle(request, response, callback)
                        : problems.handle(request, response, callback));
    }
}
