package dev.hearth.dsl;

/**
 * How many items a fan-out section ({@code from: { each: X }}, one call per item of X) asked for and how many it
 * returned: {@code asked} is the number of items of its input, one call each; {@code returned} the number of items
 * in its data. The items it asked for but did not return are listed in its degraded paths by their position in its
 * input ({@code cards[3]} is the fourth item asked for, the fourth item of X's data), not in its data.
 */
public record ItemCount(int asked, int returned) {
    public ItemCount {
        if (asked < 0 || returned < 0 || returned > asked) {
            throw new IllegalArgumentException("0 <= returned <= asked, not returned " + returned + " of " + asked);
        }
    }

    /** The number of items asked for and not returned. */
    public int missing() {
        return asked - returned;
    }
}
