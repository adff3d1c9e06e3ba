package io.jswoole.supervision.metrics;

import io.jswoole.LatencyStats;
import io.jswoole.ServerStats;
import io.jswoole.supervision.WorkerTable;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The server's figures as one scrape shows them: the process table and every process's metrics,
 * written in the Prometheus text format (version 0.0.4, which Prometheus and OpenMetrics parsers
 * read) or as JSON. Metric names follow OpenSwoole's {@code stats()} export with the prefix
 * {@code jswoole_}: {@code jswoole_connection_num}, {@code jswoole_request_count},
 * {@code jswoole_idle_worker_num}, {@code jswoole_dispatch_count},
 * {@code jswoole_worker_request_count{worker_id="0"}}, ...; callback times are the histogram
 * {@code jswoole_callback_duration_seconds}, and in process mode the time packets waited for
 * their callback {@code jswoole_dispatch_wait_seconds}.
 */
public final class MetricsReport {
    private static final String[] STATES = {"empty", "running", "stopping", "exited", "retiring"};
    private static final String PREFIX = "jswoole_";
    /** The buckets' {@code le} labels, written again for every series of every scrape. */
    private static final String[] LE = leLabels();

    private final List<WorkerTable.Entry> processes;
    private final ProcessMetrics metrics;
    private final Supplier<ServerStats.TaskCounts> tasks;
    private final IntSupplier idleWorkers;

    /** A report over the live table and metrics file (read as the report is written). */
    public MetricsReport(WorkerTable table, ProcessMetrics metrics) {
        this.processes = table.entries();
        this.metrics = metrics;
        this.tasks = table::taskCounts;
        this.idleWorkers = table::idleWorkers;
    }

    /** The sum of one counter over every slot. */
    private long total(int counter) {
        long sum = 0;
        for (int slot = 0; slot < metrics.slots(); slot++) {
            sum += metrics.counters(slot)[counter];
        }
        return sum;
    }

    private long running(String role) {
        return processes.stream().filter(e -> e.role().equals(role) && e.state() != WorkerTable.STATE_EXITED)
                .filter(e -> ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false)).count();
    }

    private long startSeconds() {
        return processes.stream().filter(e -> e.role().equals("master")).mapToLong(e -> e.startMillis() / 1000)
                .findFirst().orElse(0);
    }

    private static String state(WorkerTable.Entry e) {
        return STATES[Math.max(0, Math.min(e.state(), STATES.length - 1))];
    }

    /** The Prometheus text format. */
    public String prometheus() {
        StringBuilder b = new StringBuilder(4096);
        gauge(b, "start_time", "when the server started, in seconds since the epoch", startSeconds());
        gauge(b, "connection_num", "connections open now", total(0));
        counter(b, "accept_count", "connections accepted", total(1));
        counter(b, "close_count", "connections closed", total(2));
        counter(b, "request_count", "packets received (onReceive and onPacket calls)", total(3));
        counter(b, "abort_count", "connections closed for bad input or an overflow", total(4));
        counter(b, "dispatch_count", "packets handed to the workers (process mode: by the reactor threads;"
                + " base mode: those the workers received)", total(5));
        gauge(b, "worker_num", "event workers running", running("worker"));
        gauge(b, "idle_worker_num", "event workers not in a callback now", idleWorkers.getAsInt());
        gauge(b, "task_worker_num", "task workers running", running("task_worker"));
        gauge(b, "user_worker_num", "user processes running", running("user"));
        var t = tasks.get();
        gauge(b, "tasking_num", "tasks sent and not yet answered", t.tasking());
        counter(b, "task_refused_count", "tasks refused because the task IPC was full", t.refused());
        counter(b, "task_failed_count", "tasks lost with their task worker", t.failed());
        b.append("# HELP ").append(PREFIX).append("worker_request_count requests served by each process\n");
        b.append("# TYPE ").append(PREFIX).append("worker_request_count counter\n");
        for (WorkerTable.Entry e : processes) {
            if (!e.role().equals("manager")) {
                b.append(PREFIX).append("worker_request_count{role=\"").append(e.role()).append("\",worker_id=\"")
                        .append(e.id()).append("\",pid=\"").append(e.pid()).append("\",state=\"").append(state(e))
                        .append("\"} ").append(e.requests()).append('\n');
            }
        }
        histogram(b, "callback_duration_seconds", "time spent in the application's callbacks, per process and port",
                false);
        histogram(b, "dispatch_wait_seconds", "time a packet waited between its read by a reactor thread and the"
                + " start of its worker's callback (process mode), per process and port", true);
        return b.toString();
    }

    /** One histogram family: the callbacks' series, or the dispatch wait's. */
    private void histogram(StringBuilder b, String name, String help, boolean dispatchWait) {
        String h = PREFIX + name;
        b.append("# HELP ").append(h).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(h).append(" histogram\n");
        forEachSeries(series -> {
            if (series.isDispatchWait() != dispatchWait) {
                return;
            }
            String labels = series.labels();
            ProcessMetrics.Histogram hist = series.histogram();
            long cumulative = 0;
            for (int i = 0; i < hist.buckets().length; i++) {
                cumulative += hist.buckets()[i];
                b.append(h).append("_bucket{").append(labels).append(",le=\"").append(LE[i]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            b.append(h).append("_sum{").append(labels).append("} ").append(seconds(hist.sumNanos())).append('\n');
            b.append(h).append("_count{").append(labels).append("} ").append(hist.count()).append('\n');
        });
    }

    /**
     * The same figures as JSON: each histogram with its 50th and 99th percentile as bucket bounds, and
     * under {@code latencies} each kind over the whole server as {@code stats()} reports it.
     */
    public String json() {
        StringBuilder b = new StringBuilder(2048).append('{');
        b.append("\"start_time\":").append(startSeconds());
        for (int i = 0; i < ProcessMetrics.COUNTER_NAMES.length; i++) {
            b.append(",\"").append(ProcessMetrics.COUNTER_NAMES[i]).append("\":").append(total(i));
        }
        b.append(",\"worker_num\":").append(running("worker"));
        b.append(",\"idle_worker_num\":").append(idleWorkers.getAsInt());
        b.append(",\"task_worker_num\":").append(running("task_worker"));
        b.append(",\"user_worker_num\":").append(running("user"));
        var t = tasks.get();
        b.append(",\"tasking_num\":").append(t.tasking());
        b.append(",\"task_refused_count\":").append(t.refused());
        b.append(",\"task_failed_count\":").append(t.failed());
        latencies(b);
        b.append(",\"processes\":[");
        String sep = "";
        for (WorkerTable.Entry e : processes) {
            b.append(sep).append("{\"role\":\"").append(e.role()).append("\",\"id\":").append(e.id())
                    .append(",\"pid\":").append(e.pid()).append(",\"start_time\":").append(e.startMillis() / 1000)
                    .append(",\"requests\":").append(e.requests())
                    .append(",\"state\":\"").append(state(e)).append("\"}");
            sep = ",";
        }
        b.append("],\"callbacks\":[");
        StringBuilder all = new StringBuilder();
        StringBuilder waits = new StringBuilder();
        forEachSeries(series -> {
            ProcessMetrics.Histogram hist = series.histogram();
            StringBuilder to = series.isDispatchWait() ? waits : all;
            to.append(to.length() > 0 ? "," : "").append('{');
            if (!series.isDispatchWait()) {
                to.append("\"callback\":\"").append(ProcessMetrics.KIND_NAMES[series.kind()]).append("\",");
            }
            to.append("\"role\":\"").append(series.process().role())
                    .append("\",\"worker_id\":").append(series.process().id())
                    .append(",\"port\":").append(series.port())
                    .append(",\"count\":").append(hist.count())
                    .append(",\"sum_seconds\":").append(seconds(hist.sumNanos()))
                    .append(",\"p50_seconds_at_most\":").append(bound(hist.quantileBound(0.5)))
                    .append(",\"p99_seconds_at_most\":").append(bound(hist.quantileBound(0.99))).append('}');
        });
        return b.append(all).append("],\"dispatch_wait\":[").append(waits).append("]}").toString();
    }

    /** {@code "latencies":{"onReceive":{"count":..,"mean_seconds":..,"p50_seconds":..,...},...}}: kinds with counts only. */
    private void latencies(StringBuilder b) {
        b.append(",\"latencies\":{");
        String sep = "";
        for (Map.Entry<String, LatencyStats> kind : Latencies.of(metrics).entrySet()) {
            LatencyStats l = kind.getValue();
            b.append(sep).append('"').append(kind.getKey()).append("\":{\"count\":").append(l.count())
                    .append(",\"mean_seconds\":").append(seconds(l.mean().toNanos()))
                    .append(",\"p50_seconds\":").append(seconds(l.p50().toNanos()))
                    .append(",\"p90_seconds\":").append(seconds(l.p90().toNanos()))
                    .append(",\"p99_seconds\":").append(seconds(l.p99().toNanos()))
                    .append(",\"p999_seconds\":").append(seconds(l.p999().toNanos())).append('}');
            sep = ",";
        }
        b.append('}');
    }

    /** One callback kind's histogram on one port of one process. */
    private record Series(WorkerTable.Entry process, int kind, int port, ProcessMetrics.Histogram histogram) {
        boolean isDispatchWait() {
            return kind == ProcessMetrics.DISPATCH_WAIT;
        }

        String labels() {
            return (isDispatchWait() ? "" : "callback=\"" + ProcessMetrics.KIND_NAMES[kind] + "\",") + "role=\""
                    + process.role() + "\",worker_id=\"" + process.id() + "\",port=\"" + port + "\"";
        }
    }

    /** Every histogram that has counted something. */
    private void forEachSeries(Consumer<Series> visitor) {
        for (WorkerTable.Entry e : processes) {
            int slot = WorkerTable.slotOf(e.role(), e.id());
            if (slot >= metrics.slots()) {
                continue;
            }
            for (int kind = 0; kind < ProcessMetrics.KIND_NAMES.length; kind++) {
                for (int port = 0; port < metrics.ports(); port++) {
                    ProcessMetrics.Histogram hist = metrics.histogram(slot, kind, port);
                    if (hist.count() > 0) {
                        visitor.accept(new Series(e, kind, port, hist));
                    }
                }
            }
        }
    }

    private static String bound(long nanos) {
        return nanos < 0 ? "null" : seconds(nanos);
    }

    private static String[] leLabels() {
        String[] le = new String[ProcessMetrics.BOUNDS_NANOS.length + 1];
        for (int i = 0; i < ProcessMetrics.BOUNDS_NANOS.length; i++) {
            le[i] = seconds(ProcessMetrics.BOUNDS_NANOS[i]);
        }
        le[le.length - 1] = "+Inf";
        return le;
    }

    /** Nanoseconds (not negative) as decimal seconds, exact, without trailing zeros: 2500 is 0.0000025, 0 is 0.0. */
    static String seconds(long nanos) {
        long fraction = nanos % 1_000_000_000L;
        String whole = Long.toString(nanos / 1_000_000_000L);
        if (fraction == 0) {
            return whole + ".0";
        }
        String digits = Long.toString(1_000_000_000L + fraction); // "1" and the nine digits of the fraction
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(1, end);
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        family(b, name, help, "gauge", value);
    }

    private static void counter(StringBuilder b, String name, String help, long value) {
        family(b, name, help, "counter", value);
    }

    private static void family(StringBuilder b, String name, String help, String type, long value) {
        b.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
        b.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }
}
