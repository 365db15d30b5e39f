package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.home.application.KillSwitches;
import dev.hearth.ports.domain.model.SectionSwitch;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kill switches' tasks (docs/adr/027-kill-switches.md), for every instance (stored in the database, followed by
 * all within {@code killSwitches.pollInterval}):
 * <ul>
 *   <li>{@code POST /tasks/section-off?screen=home&section=banners[&platform=ios][&reason=TEXT][&by=NAME]}: the
 *   optional section answers OMITTED with reason DISABLED and makes no call, for apps on {@code platform} (the
 *   {@code X-App-Platform} header, any case) or for every app when it is not given. A required section, or one a
 *   required section reads, is refused (400 naming it and why); so is an unknown screen or section.</li>
 *   <li>{@code POST /tasks/section-on?screen=home&section=banners[&platform=ios][&reason=TEXT][&by=NAME]}: deletes
 *   that switch (the one for every platform when {@code platform} is not given; a switch for one platform stays).</li>
 * </ul>
 * Who did it is recorded ({@link AttributedTask}); {@code GET /switches} shows what is off.
 */
public final class SectionSwitchTask extends Task implements AttributedTask {
    private static final List<String> PARAMETERS = List.of("screen", "section", "platform", "reason", "by");

    private final KillSwitches switches;
    private final boolean off;

    private SectionSwitchTask(String name, KillSwitches switches, boolean off) {
        super(name);
        this.switches = Objects.requireNonNull(switches, "switches");
        this.off = off;
    }

    /** {@code POST /tasks/section-off}. */
    public static SectionSwitchTask off(KillSwitches switches) {
        return new SectionSwitchTask("section-off", switches, true);
    }

    /** {@code POST /tasks/section-on}. */
    public static SectionSwitchTask on(KillSwitches switches) {
        return new SectionSwitchTask("section-on", switches, false);
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        execute(AttributedTask.actor(null, TaskParameters.single(parameters, "by")), parameters, output);
    }

    @Override
    public void execute(String actor, Map<String, List<String>> parameters, PrintWriter output) {
        // A misspelt ?sektion= must not do something else than was asked.
        TaskParameters.only(parameters, getName(), PARAMETERS);
        String screen = required(parameters, "screen");
        String section = required(parameters, "section");
        Optional<String> platform = platform(parameters);
        Optional<String> reason = Reason.of(parameters);
        if (off) {
            KillSwitches.Change change = switches.switchOff(screen, section, platform, actor, reason);
            output.println((change.changed() ? "switched off: " : "already off, unchanged: ")
                    + change.stored().describe());
            if (!change.offWithIt().isEmpty()) {
                output.println("off with it (they read it): " + change.offWithIt());
            }
        } else {
            Optional<SectionSwitch> was = switches.switchOn(screen, section, platform, actor, reason);
            String where = screen + "/" + section + " (" + platform.orElse("every platform") + ")";
            output.println(was.map(s -> "switched on again: " + where + " (was " + s.describe() + ")")
                    .orElse("not switched off, unchanged: " + where));
        }
    }

    private String required(Map<String, List<String>> parameters, String name) {
        String value = TaskParameters.single(parameters, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(getName() + " needs " + name + "=..., e.g. POST /tasks/" + getName()
                    + "?screen=home&section=banners&platform=ios&reason=INC-42");
        }
        return value.strip();
    }

    /** {@code platform=}: empty for every platform; checked as the stored switch checks it. */
    private static Optional<String> platform(Map<String, List<String>> parameters) {
        String platform = TaskParameters.single(parameters, "platform");
        if (platform == null) {
            return Optional.empty();
        }
        if (platform.isBlank()) {
            throw new IllegalArgumentException("platform is empty: leave it out to switch for every platform, or give "
                    + "one as apps send X-App-Platform, e.g. platform=ios");
        }
        return Optional.of(SectionSwitch.platform(platform));
    }
}
