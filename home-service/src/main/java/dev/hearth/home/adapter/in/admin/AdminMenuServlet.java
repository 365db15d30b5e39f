package dev.hearth.home.adapter.in.admin;

import io.dropwizard.servlets.tasks.Task;
import io.dropwizard.servlets.tasks.TaskServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The admin port's front page, {@code GET /}: a link to every page the admin port serves, and the tasks as text (they
 * are POSTs). Dropwizard's own menu knew only its pages (metrics, ping, threads, healthcheck); this one also links every
 * servlet the application registers (prometheus, traces, migration, and any added later), read from the servlet context
 * on each request, so a new page is on the menu without an edit here. Mapped at the context root only ({@link #MAPPING}):
 * Dropwizard's servlet keeps serving its pages under {@code /*}.
 */
public final class AdminMenuServlet extends HttpServlet {
    /** The servlet mapping that matches the context root, {@code /}, and nothing under it. */
    public static final String MAPPING = "";

    /** Dropwizard's pages (its AdminServlet, mapped at {@code /*}), which no registration names one by one. */
    private static final Map<String, String> DROPWIZARD_PAGES = new LinkedHashMap<>();
    /** What the pages this menu knows show; a page it does not know is listed by its servlet's name. */
    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        DROPWIZARD_PAGES.put("/metrics?pretty=true", "Metrics: every metric, as JSON");
        DROPWIZARD_PAGES.put("/healthcheck?pretty=true", "Health checks: the downstreams, the screens, the database");
        DROPWIZARD_PAGES.put("/ping", "Ping");
        DROPWIZARD_PAGES.put("/threads", "Threads: a thread dump");
        TITLES.put("/prometheus", "Prometheus: the metrics in Prometheus text format");
        TITLES.put("/traces", "Traces: the kept requests (the slowest, the degraded), as JSON");
        TITLES.put("/traces/view", "Trace view: a kept request's calls as a waterfall");
        TITLES.put("/version", "Version: the build, and the hashes of the screens, port policies and rollout this "
                + "instance runs, as JSON");
        TITLES.put("/migration", "Migration: the rollout and the shadow comparison, as JSON");
        TITLES.put("/migration/mismatches", "Shadow mismatches, grouped by path");
        TITLES.put("/migration/history", "Rollout history: who changed the rollout, when, from what to what and why");
        TITLES.put(KillSwitchesServlet.PATH, "Kill switches: the sections switched off (for every app or a platform), "
                + "who, when and why, as JSON");
        TITLES.put(ExperimentsServlet.PATH, "Experiments: those running (arms and percentages) and their history: "
                + "who started, changed or stopped which, when, from what to what and why, as JSON");
    }

    /** Sub-pages of a registered page that its mapping alone does not show. */
    private static final Map<String, List<String>> SUB_PAGES = Map.of(
            "/traces", List.of("/traces/view"),
            "/migration", List.of("/migration/mismatches", "/migration/history"));

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = request.getContextPath();
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Hearth admin</title></head>
                <body>
                  <h1>Hearth admin</h1>
                  <ul>
                """);
        for (Map.Entry<String, String> page : pages().entrySet()) {
            html.append("    <li><a href=\"").append(escape(root + page.getKey())).append("\">").append(escape(page.getValue()))
                    .append("</a></li>\n");
        }
        html.append("  </ul>\n  <h2>Tasks</h2>\n  <p>Each is a POST, with its parameters in the query string.</p>\n  <ul>\n");
        for (String task : tasks()) {
            html.append("    <li><code>POST ").append(escape(root + "/tasks/" + task)).append("</code></li>\n");
        }
        html.append("  </ul>\n</body>\n</html>\n");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html; charset=utf-8");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Path (with its query) → title: Dropwizard's pages, then every exact mapping of the other servlets, sorted. */
    private Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        if (!Boolean.FALSE.equals(getServletContext().getAttribute("healthcheck-enabled"))) {
            pages.putAll(DROPWIZARD_PAGES);
        } else {
            DROPWIZARD_PAGES.forEach((path, title) -> {
                if (!path.startsWith("/healthcheck")) {
                    pages.put(path, title);
                }
            });
        }
        TreeSet<String> registered = new TreeSet<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (ServletRegistration servlet : getServletContext().getServletRegistrations().values()) {
            for (String mapping : servlet.getMappings()) {
                // Tasks are POSTs, listed below, even where a servlet of Hearth's maps one exactly (TaskProblemServlet).
                if (mapping.startsWith("/") && !mapping.equals("/") && !mapping.endsWith("/*")
                        && !mapping.startsWith("/tasks/")) {
                    registered.add(mapping);
                    names.put(mapping, servlet.getName());
                }
            }
        }
        for (String path : registered) {
            pages.put(path, TITLES.getOrDefault(path, names.get(path)));
            for (String sub : SUB_PAGES.getOrDefault(path, List.of())) {
                pages.put(sub, TITLES.getOrDefault(sub, sub));
            }
        }
        return pages;
    }

    /** The tasks Dropwizard's task servlet ({@code tasks}, at {@code /tasks/*}) runs, by name. */
    private List<String> tasks() {
        ServletHolder holder = ServletContextHandler.getServletContextHandler(getServletContext()).getServletHandler()
                .getServlet("tasks");
        try {
            if (holder != null && holder.getServlet() instanceof TaskServlet tasks) {
                return new ArrayList<>(new TreeSet<>(tasks.getTasks().stream().map(Task::getName).toList()));
            }
        } catch (ServletException e) {
            log("the task servlet is not available", e);
        }
        return List.of();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
