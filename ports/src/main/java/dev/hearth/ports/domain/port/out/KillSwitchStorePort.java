package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.SectionSwitch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The kill switches shared by every instance: which optional sections are switched off, for every platform or for
 * one. Each instance reads them all every poll interval; a switch is off while it is stored.
 */
public interface KillSwitchStorePort {
    /** Every switch stored now, of every screen, ordered by screen, section and platform (every platform first). */
    List<SectionSwitch> load();

    /**
     * Stores {@code off}, unless a switch of the same screen, section and platform is stored already: then that one
     * stays as it is (who switched it off first, when and why) and is returned, {@code changed} false.
     */
    Switched switchOff(SectionSwitch off);

    /**
     * Deletes the switch of {@code section} of {@code screen} for {@code platform} (empty: the one for every platform;
     * a switch for one platform stays).
     *
     * @return the switch deleted; empty when there was none
     */
    Optional<SectionSwitch> switchOn(String screen, String section, Optional<String> platform);

    /** The switch as stored, and whether this call stored it. */
    record Switched(SectionSwitch stored, boolean changed) {
        public Switched {
            Objects.requireNonNull(stored, "stored");
        }
    }
}
