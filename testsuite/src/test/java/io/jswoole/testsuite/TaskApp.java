package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.LatencyStats;
import io.jswoole.Server;
import io.jswoole.ServerStats;
import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A server with task workers for {@link TaskWorkersTest}, run as a child JVM:
 * {@code TaskApp MODE TASK_IPC_MODE [user] [key=value]...}. Two workers, two task workers (and
 * with {@code user}, one user process); further settings as {@code key=value}. Line protocol, one reply line per request:
 * <pre>
 * t TAG SIZE [MS]       task() of SIZE pattern bytes, onTask sleeping MS → "F TAG worker=W task=ID tw=T size=S ok"
 *                       from onFinish, or "F TAG refused" at once
 * w TAG SIZE TIMEOUT MS taskwait(), onTask sleeping MS → "W TAG tw=T ok" or "W TAG null"
 * x TAG SIZE TIMEOUT MS the same from another thread of the worker → "X TAG tw=T ok" or "X TAG null"
 * m N TIMEOUT MS        taskWaitMulti of N tasks, each sleeping MS → "M ok=K null=L"
 * s                     stats() → "S tasking=.. running=.. refused=.. failed=.."
 * c                     stats() → "C worker=W conns=.. requests=.. own=.. users=.. taskidle=.. idle=.. dispatched=.."
 * l                     stats() latencies → "L receive=COUNT p50=NS p99=NS task=COUNT dispatch=COUNT"
 * </pre>
 * onTask prints "onTask TAG pid=P" first, so a test can kill the task worker that runs a task.
 */
public final class TaskApp {
    private TaskApp() {
    }

    /** A task's answer from onFinish: tag, sending worker, task id, task worker, size. */
    static final Pattern FINISHED = Pattern.compile("^F (\\S+) worker=(\\d+) task=(\\d+) tw=(\\d+) size=(\\d+) ok$");

    /**
     * Sends 50 tasks on each client at once, then checks that every one is answered once, to the
     * client that sent it, and that no worker used a task id twice.
     */
    static void assertEveryTaskAnsweredOnce(List<LineClient> clients) throws IOException {
        for (int c = 0; c < clients.size(); c++) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                batch.append("t c").append(c).append('-').append(i).append(" 64\n");
            }
            clients.get(c).write(batch.toString());
        }
        Set<String> tags = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (LineClient client : clients) {
            for (int i = 0; i < 50; i++) {
                String reply = client.read();
                Matcher m = FINISHED.matcher(reply);
                assertTrue(m.matches(), reply);
                assertTrue(tags.add(m.group(1)), "answered twice: " + reply);
                assertTrue(ids.add(m.group(2) + "/" + m.group(3)), "task id used twice: " + reply);
            }
        }
        assertEquals(50 * clients.size(), tags.size());
    }

    /** Starts the app in a child JVM and waits until its two workers and two task workers have started. */
    static ServerProcess start(Path dir, String mode, String ipc, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of(mode, ipc));
        args.addAll(List.of(settings));
        ServerProcess server = ServerProcess.start(dir, TaskApp.class, args.toArray(String[]::new));
        try {
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 4, Await.DEADLINE_MILLIS);
        } catch (Throwable e) {
            server.close();
            throw e;
        }
        return server;
    }

    public static void main(String[] args) {
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("mode", args[0], "worker_num", 2, "task_worker_num", 2, "task_ipc_mode", args[1],
                "open_eof_split", true, "package_eof", "\\n", "max_wait_time", 3));
        for (String a : args) {
            if (a.contains("=")) {
                server.set(Map.of(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1)));
            }
        }
        Map<Integer, String[]> pending = new HashMap<>(); // task id → fd, tag (worker loop only)
        server.onReceive((s, fd, reactorId, data) -> {
            String[] w = new String(data, StandardCharsets.UTF_8).strip().split(" ");
            switch (w[0]) {
                case "t" -> {
                    int sleep = w.length > 3 ? Integer.parseInt(w[3]) : 0;
                    int id = s.task(task(w[1], s.getWorkerId(), Integer.parseInt(w[2]), sleep));
                    if (id < 0) {
                        s.send(fd, "F " + w[1] + " refused\n");
                    } else {
                        pending.put(id, new String[] {Integer.toString(fd), w[1]});
                    }
                }
                case "w" -> {
                    byte[] r = s.taskwait(task(w[1], s.getWorkerId(), Integer.parseInt(w[2]), Integer.parseInt(w[4])),
                            Long.parseLong(w[3]));
                    s.send(fd, "W " + w[1] + " " + (r == null ? "null" : check(r, s.getWorkerId())) + "\n");
                }
                case "x" -> { // taskwait from a thread of the application's own
                    int self = s.getWorkerId();
                    Thread t = new Thread(() -> {
                        byte[] r = s.taskwait(task(w[1], self, Integer.parseInt(w[2]), Integer.parseInt(w[4])),
                                Long.parseLong(w[3]));
                        s.send(fd, "X " + w[1] + " " + (r == null ? "null" : check(r, self)) + "\n");
                    });
                    t.start();
                }
                case "m" -> {
                    List<byte[]> tasks = new ArrayList<>();
                    for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                        tasks.add(task("m" + i, s.getWorkerId(), 64, Integer.parseInt(w[3])));
                    }
                    int ok = 0;
                    int missing = 0;
                    for (byte[] r : s.taskWaitMulti(tasks, Long.parseLong(w[2]))) {
                        if (r == null) {
                            missing++;
                        } else if (check(r, s.getWorkerId()).contains(" ok")) {
                            ok++;
                        }
                    }
                    s.send(fd, "M ok=" + ok + " null=" + missing + "\n");
                }
                case "s" -> {
                    ServerStats st = s.stats();
                    s.send(fd, "S tasking=" + st.taskingNum() + " running=" + st.taskRunningNum() + " queued="
                            + st.taskQueuedNum() + " refused="
                            + st.taskRefusedCount() + " failed=" + st.taskFailedCount() + "\n");
                }
                case "c" -> {
                    ServerStats st = s.stats();
                    s.send(fd, "C worker=" + s.getWorkerId() + " conns=" + st.connectionNum() + " requests="
                            + st.requestCount() + " own=" + st.workerRequestCount() + " users=" + st.userWorkerNum()
                            + " taskidle=" + st.taskIdleWorkerNum() + " idle=" + st.idleWorkerNum() + " dispatched="
                            + st.dispatchCount() + "\n");
                }
                case "l" -> {
                    ServerStats st = s.stats();
                    LatencyStats receive = st.latency(LatencyStats.ON_RECEIVE);
                    s.send(fd, "L receive=" + receive.count() + " p50=" + receive.p50().toNanos() + " p99="
                            + receive.p99().toNanos() + " task=" + st.latency(LatencyStats.ON_TASK).count()
                            + " dispatch=" + st.latency(LatencyStats.DISPATCH).count() + "\n");
                }
                default -> s.send(fd, "? " + w[0] + "\n");
            }
        });
        server.onTask((s, taskId, src, data) -> {
            ByteBuffer b = ByteBuffer.wrap(data);
            int sleep = b.getInt();
            int sender = b.getInt();
            String tag = new String(data, 12, b.getInt(), StandardCharsets.UTF_8);
            System.out.println("onTask " + tag + " pid=" + ProcessHandle.current().pid());
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
            // the result: task worker id, the sender as onTask saw it and as the task said, then the task itself
            ByteBuffer r = ByteBuffer.allocate(12 + data.length).putInt(s.getWorkerId()).putInt(src).putInt(sender).put(data);
            if (tag.startsWith("finish")) {
                s.finish(r.array());
                return "ignored".getBytes(StandardCharsets.UTF_8);
            }
            return r.array();
        });
        server.onFinish((s, taskId, result) -> {
            String[] p = pending.remove(taskId);
            if (p == null) {
                System.out.println("onFinish for an unknown task " + taskId);
                return;
            }
            s.send(Integer.parseInt(p[0]), "F " + p[1] + " worker=" + s.getWorkerId() + " task=" + taskId + " "
                    + check(result, s.getWorkerId()) + "\n");
        });
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid=" + ProcessHandle.current().pid()));
        if (java.util.Arrays.asList(args).contains("user")) {
            server.addProcess((s, id) -> {
                System.out.println("user process " + id + " pid=" + ProcessHandle.current().pid());
                s.tick(100, t -> s.sendMessage("hello from " + id, 0));
            });
            server.onPipeMessage((s, src, msg) -> {
                String text = new String(msg, StandardCharsets.UTF_8);
                System.out.println("pipe in " + s.getWorkerId() + " from " + src + ": " + text);
                if (text.startsWith("hello")) {
                    s.sendMessage("ack", src);
                }
            });
        }
        server.start();
    }

    /** A task: sleep millis, sender worker id, tag length, tag, then size pattern bytes. */
    static byte[] task(String tag, int sender, int size, int sleepMillis) {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + t.length + size).putInt(sleepMillis).putInt(sender).putInt(t.length).put(t);
        for (int i = 0; i < size; i++) {
            b.put((byte) (i * 31 + 7));
        }
        return b.array();
    }

    /** Checks a result: it came back to the worker that sent it, with the task's bytes intact. */
    static String check(byte[] result, int self) {
        ByteBuffer b = ByteBuffer.wrap(result);
        int taskWorker = b.getInt();
        int src = b.getInt();
        int sender = b.getInt();
        int sleep = b.getInt();
        int sender2 = b.getInt();
        int tagLen = b.getInt();
        b.position(b.position() + tagLen);
        int size = b.remaining();
        boolean intact = true;
        for (int i = 0; i < size; i++) {
            if (b.get() != (byte) (i * 31 + 7)) {
                intact = false;
                break;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(result);
        boolean ok = intact && src == self && sender == self && sender2 == self && sleep >= 0;
        return "tw=" + taskWorker + " size=" + size + (ok ? " ok" : " BAD src=" + src + " sender=" + sender + " self=" + self);
    }
}
