package io.jswoole.bench.load;

/**
 * The phases of a run on the {@link System#nanoTime()} scale: warm-up until {@code measure}, then
 * the window until {@code end}.
 */
record LoadClock(long start, long measure, long end) {

    static LoadClock startingNow(double warmupSeconds, double durationSeconds) {
        long now = System.nanoTime();
        long measure = now + (long) (warmupSeconds * 1e9);
        return new LoadClock(now, measure, measure + (long) (durationSeconds * 1e9));
    }
}
