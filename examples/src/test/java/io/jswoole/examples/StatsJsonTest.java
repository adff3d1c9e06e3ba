package io.jswoole.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.LatencyStats;
import io.jswoole.ServerStats;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The http example's {@code /stats} body: the counters, then the latencies as nested objects. */
@Timeout(10)
class StatsJsonTest {
    @Test
    void latenciesAreAnObjectPerKindInNanoseconds() {
        LatencyStats receive = new LatencyStats(3, Duration.ofNanos(1_600), Duration.ofNanos(1_375),
                Duration.ofNanos(2_200), Duration.ofNanos(2_470), Duration.ofNanos(2_497));
        ServerStats stats = new ServerStats(1700000000, 1, 2, 1, 3, 2, 0, 0, 0, 0, 0, 0, 0, 3, 1, 3,
                Map.of(LatencyStats.ON_RECEIVE, receive));
        assertEquals("{\"startTime\":1700000000,\"connectionNum\":1,\"acceptCount\":2,\"closeCount\":1,"
                + "\"requestCount\":3,\"workerNum\":2,\"taskWorkerNum\":0,\"taskingNum\":0,\"abortCount\":0,"
                + "\"taskRunningNum\":0,\"taskRefusedCount\":0,\"taskFailedCount\":0,\"userWorkerNum\":0,"
                + "\"workerRequestCount\":3,\"idleWorkerNum\":1,\"dispatchCount\":3,\"latencies\":{\"onReceive\":{\"count\":3,\"mean\":1600,\"p50\":1375,"
                + "\"p90\":2200,\"p99\":2470,\"p999\":2497}}}\n", StatsJson.of(stats));
        assertEquals("{\"startTime\":0,\"connectionNum\":0,\"acceptCount\":0,\"closeCount\":0,\"requestCount\":0,"
                + "\"workerNum\":1,\"taskWorkerNum\":0,\"taskingNum\":0,\"abortCount\":0,\"taskRunningNum\":0,"
                + "\"taskRefusedCount\":0,\"taskFailedCount\":0,\"userWorkerNum\":0,\"workerRequestCount\":0,"
                + "\"idleWorkerNum\":1,\"dispatchCount\":0,\"latencies\":{}}\n",
                StatsJson.of(new ServerStats(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0)));
    }
}
