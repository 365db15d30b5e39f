package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Customer, account and card ids share one rule: 1 to 64 letters, digits, '.', '_' or '-'. */
class IdentifiersTest {
    static final String FORMAT = "[A-Za-z0-9._-]{1,64}";

    static Stream<Arguments> identifiers() {
        return Stream.of(
                Arguments.of("customerId", (Function<String, Object>) CustomerId::new),
                Arguments.of("accountId", (Function<String, Object>) AccountId::new),
                Arguments.of("cardId", (Function<String, Object>) CardId::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void acceptsLettersDigitsDotsUnderscoresAndDashesUpTo64(String name, Function<String, Object> create) {
        assertThat(create.apply("alice-acc_1.x")).hasToString("alice-acc_1.x");
        assertThat(create.apply("a".repeat(64))).hasToString("a".repeat(64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void aNullIdIsNamed(String name, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply(null)).isInstanceOf(NullPointerException.class).hasMessage(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void aBlankIdIsRejected(String name, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " must not be blank");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identifiers")
    void anIdOutsideTheFormatSaysWhichValueAndWhatFormat(String name, Function<String, Object> create) {
        assertThatThrownBy(() -> create.apply("alice smith")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + " 'alice smith' must match " + FORMAT);
        assertThatThrownBy(() -> create.apply("../bob")).hasMessage(name + " '../bob' must match " + FORMAT);
        String tooLong = "a".repeat(65);
        assertThatThrownBy(() -> create.apply(tooLong)).hasMessage(name + " '" + tooLong + "' must match " + FORMAT);
    }
}
