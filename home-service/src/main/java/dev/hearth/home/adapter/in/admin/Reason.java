package dev.hearth.home.adapter.in.admin;

import dev.hearth.adapters.in.tasks.TaskParameters;
import dev.hearth.ports.domain.model.RolloutChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout task's {@code reason=TEXT}: why, kept in the history. Optional (a rollback at night must not wait for a
 * sentence), blank is none; longer than {@value RolloutChange#MAX_REASON} characters or with control characters (a
 * line break would forge a log line) is refused.
 */
final class Reason {
    private Reason() {
    }

    static Optional<String> of(Map<String, List<String>> parameters) {
        String reason = TaskParameters.single(parameters, "reason");
        if (reason == null || reason.isBlank()) {
            return Optional.empty();
        }
        String text = reason.strip();
        if (text.length() > RolloutChange.MAX_REASON) {
            throw new IllegalArgumentException("reason is at most " + RolloutChange.MAX_REASON + " characters, not "
                    + text.length() + "; say why in a sentence and link the ticket");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason is one line of text: no line breaks or other control characters");
        }
        return Optional.of(text);
    }
}
