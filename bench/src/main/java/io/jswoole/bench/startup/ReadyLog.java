package io.jswoole.bench.startup;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's log, read as it grows, for the workers' {@code ready N ms after spawn} lines, e.g.
 * {@code [2026-11-30 02:18:35.332 worker#0 3926] INFO ready 911 ms after spawn}.
 */
final class ReadyLog {
    private static final Pattern READY = Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) "
            + "worker#(\\d+) (\\d+)] INFO ready (\\d+) ms after spawn");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /**
     * One ready line.
     *
     * @param loggedMillis the N the worker logged
     * @param at           the line's time stamp
     */
    record Ready(int workerId, long pid, long loggedMillis, Instant at) {
    }

    private final Path file;
    private final List<Ready> seen = new ArrayList<>();
    private long offset;
    private String partial = "";

    ReadyLog(Path file) {
        this.file = file;
    }

    /** Every ready line so far. */
    List<Ready> seen() throws IOException {
        readNew();
        return List.copyOf(seen);
    }

    /**
     * Waits, polling every 10 ms, for a ready line that {@code wanted} accepts, while
     * {@code alive}, for at most {@code timeout}.
     */
    Optional<Ready> await(Predicate<Ready> wanted, BooleanSupplier alive, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Ready> r = seen().stream().filter(wanted).findFirst();
            if (r.isPresent() || !alive.getAsBoolean() || System.nanoTime() - deadline > 0) {
                return r;
            }
            Thread.sleep(10);
        }
    }

    private void readNew() throws IOException {
        byte[] bytes;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= offset) {
                return;
            }
            f.seek(offset);
            bytes = new byte[(int) (length - offset)];
            f.readFully(bytes);
            offset = length;
        }
        String text = partial + new String(bytes, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        partial = text.substring(end + 1);
        if (end < 0) {
            return;
        }
        for (String line : text.substring(0, end).split("\n")) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Instant at = LocalDateTime.parse(m.group(1), TIME).atZone(ZoneId.systemDefault()).toInstant();
                seen.add(new Ready(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), at));
            }
        }
    }
}
