package dev.hearth.adapters.out.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.hearth.ports.domain.model.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Conversions from downstream JSON values to domain values that several adapters share. Each throws
 * a {@link RuntimeException} naming the field on a missing or malformed value, which
 * {@link JsonHttp} reports as a bad response.
 */
public final class Wire {
    private static final Pattern FULL_IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern FULL_PAN = Pattern.compile("[0-9]{13,19}");

    private Wire() {
    }

    /** The value of a field the contract requires. */
    public static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> "missing field '" + field + "'");
    }

    /** An ISO-8601 instant such as {@code 2026-11-21T09:58:00Z}. */
    public static Instant instant(String value, String field) {
        return Instant.parse(required(value, field));
    }

    /** An ISO-8601 date such as {@code 2026-11-20}. */
    public static LocalDate date(String value, String field) {
        return LocalDate.parse(required(value, field));
    }

    /** A list field mapped item by item; a missing list or a null item is a wrong shape. */
    public static <D, R> List<R> list(List<D> items, String field, Function<? super D, ? extends R> toDomain) {
        List<R> mapped = new ArrayList<>(required(items, field).size());
        for (D item : items) {
            mapped.add(toDomain.apply(required(item, field + "[]")));
        }
        return List.copyOf(mapped);
    }

    /**
     * An IBAN as the domain may hold it. Downstreams promise a masked IBAN; should one send a full
     * number anyway, it is masked here ({@code DE89 **** **** **** 3000}) so it never travels further.
     */
    public static String maskedIban(String value, String field) {
        String compact = required(value, field).replace(" ", "");
        if (!FULL_IBAN.matcher(compact).matches()) {
            return value;
        }
        return compact.substring(0, 4) + " **** **** **** " + compact.substring(compact.length() - 4);
    }

    /** A card number as the domain may hold it: a full one is masked to its last four ({@code **** **** **** 1111}). */
    public static String maskedPan(String value, String field) {
        String compact = required(value, field).replace(" ", "");
        if (!FULL_PAN.matcher(compact).matches()) {
            return value;
        }
        return "**** **** **** " + compact.substring(compact.length() - 4);
    }

    /** Checks that an answer is about what was asked for (a mis-routed answer is a bad response). */
    public static void sameId(String answered, String asked, String field) {
        if (!asked.equals(required(answered, field))) {
            throw new IllegalStateException("'" + field + "' is '" + answered + "', asked for '" + asked + "'");
        }
    }

    /** An amount in the {@code {"amount": "1523.40", "currency": "EUR"}} form every downstream uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MoneyJson(String amount, String currency) {
        public Money toMoney(String field) {
            return Money.of(required(amount, field + ".amount"), required(currency, field + ".currency"));
        }
    }
}
