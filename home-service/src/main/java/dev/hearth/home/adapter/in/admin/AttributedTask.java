package dev.hearth.home.adapter.in.admin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A task whose changes are recorded with who made them: {@link TaskProblemServlet} passes the actor, {@code admin
 * <user>} for the admin port's authenticated user ({@code admin.username}), {@code admin (open admin port)} when the
 * port has no password, either followed by {@code by <name>} when the task was given {@code by=NAME}.
 */
public interface AttributedTask {
    /** The actor when the admin port asks for no password (docs/SECURITY.md: it then binds to loopback only). */
    String OPEN_ADMIN_PORT = "admin (open admin port)";

    void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) throws Exception;

    /**
     * The actor of a task called by {@code user} (null: no password asked) with {@code by} (null or blank: not given).
     */
    static String actor(String user, String by) {
        String admin = user == null ? OPEN_ADMIN_PORT : "admin " + user;
        return by == null || by.isBlank() ? admin : admin + " by " + by.strip().replaceAll("\\p{Cntrl}", " ");
    }
}
