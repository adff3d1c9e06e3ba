package io.jswoole.bench.load;

/** How much of every read is checked against the bytes that were sent (the C load generator's {@code -V}). */
public enum Verify {
    /** Nothing is checked. */
    NONE,
    /** The first and last 16 bytes of every read: catches lost, duplicated or reordered bytes cheaply. */
    SAMPLED,
    /** Every byte. */
    FULL;

    /** The level for the C load generator's numbers: 0, 1 or 2. */
    public static Verify ofLevel(int level) {
        return switch (level) {
            case 0 -> NONE;
            case 1 -> SAMPLED;
            case 2 -> FULL;
            default -> throw new IllegalArgumentException("verify level must be 0, 1 or 2, not " + level);
        };
    }

    public int level() {
        return ordinal();
    }
}
