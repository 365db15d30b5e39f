package dev.hearth.home.adapter.in.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.home.runtime.ConfigReloader;
import io.dropwizard.servlets.tasks.Task;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Hearth's admin tasks at their exact paths ({@code /tasks/<name>}), which win over Dropwizard's
 * {@code /tasks/*} servlet, so that a refused value is the client's mistake and says so: 400
 * {@code application/problem+json} whose {@code detail} is the task's message (the parameter and what it accepts). Any
 * other failure is a 500 problem whose {@code detail} names the task and nothing else: an exception's message may carry
 * a database's own words and SQL, which stay in the log. What succeeds answers as Dropwizard's TaskServlet does: 200,
 * the task's output as plain text. Dropwizard's own tasks (log-level, gc) stay on its servlet.
 */
public final class TaskProblemServlet extends HttpServlet {
    /** A value the task refused (400). */
    public static final String REFUSED = "https://hearth.dev/problems/admin-task-refused-value";
    /** The task failed on its own side (500); the log has the reason. */
    public static final String FAILED = "https://hearth.dev/problems/admin-task-failed";
    /** The task looked and refused on its own grounds, saying why: a reload of a bad config file (409). */
    public static final String REJECTED = "https://hearth.dev/problems/admin-task-rejected";
    /** A task is run with POST (405). */
    public static final String METHOD = "https://hearth.dev/problems/admin-task-method";
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(TaskProblemServlet.class);

    private final transient Map<String, Task> tasks;
    private final transient ObjectMapper json;

    public TaskProblemServlet(Collection<? extends Task> tasks, ObjectMapper json) {
        this.tasks = tasks.stream().collect(Collectors.toUnmodifiableMap(Task::getName, Function.identity()));
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The paths this servlet answers: one exact path per task. */
    public String[] mappings() {
        return tasks.keySet().stream().sorted().map(name -> "/tasks/" + name).toArray(String[]::new);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getServletPath().substring("/tasks/".length());
        Task task = tasks.get(name);
        if (task == null) { // not mapped here: cannot happen, but never run the wrong task
            problem(response, 404, "about:blank", "Not Found", "no task '" + name + "'");
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            problem(response, 405, METHOD, "Method Not Allowed", "tasks are run with POST: POST /tasks/" + name);
            return;
        }
        Map<String, List<String>> parameters;
        try {
            parameters = parameters(request);
        } catch (RuntimeException malformed) { // Jetty's BadMessageException: %zz in the query string
            problem(response, 400, REFUSED, "Bad Request", "the query string is not URL-encoded");
            return;
        }
        StringWriter output = new StringWriter();
        try (PrintWriter writer = new PrintWriter(output)) {
            if (task instanceof AttributedTask attributed) {
                attributed.execute(AttributedTask.actor(request.getRemoteUser(), by(parameters)), parameters, writer);
            } else {
                task.execute(parameters, writer);
            }
        } catch (IllegalArgumentException refused) {
            problem(response, 400, REFUSED, "Bad Request", refused.getMessage());
            return;
        } catch (ConfigReloader.RejectedException rejected) {
            problem(response, 409, REJECTED, "Conflict", rejected.getMessage());
            return;
        } catch (Exception failure) {
            LOG.error("Admin task {} failed", name, failure);
            problem(response, 500, FAILED, "Internal Server Error", "the task " + name
                    + " failed; the service's log has the reason (logger " + TaskProblemServlet.class.getName() + ")");
            return;
        }
        response.setStatus(200);
        response.setContentType(task.getResponseContentType().orElse("text/plain;charset=UTF-8"));
        byte[] body = output.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The task's {@code by=}, when given once; a repeated one is refused by the task itself. */
    private static String by(Map<String, List<String>> parameters) {
        List<String> by = parameters.get("by");
        return by == null || by.size() != 1 ? null : by.getFirst();
    }

    /** Each name with all its values, in order (query string and form body, as Dropwizard's TaskServlet reads them). */
    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(request.getParameterNames())) {
            parameters.put(name, List.copyOf(Arrays.asList(request.getParameterValues(name))));
        }
        return parameters;
    }

    private void problem(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        ObjectNode problem = json.createObjectNode().put("type", type).put("title", title).put("status", status)
                .put("detail", detail);
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
