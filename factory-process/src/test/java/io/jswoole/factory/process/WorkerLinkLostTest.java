package io.jswoole.factory.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.core.loop.EventLoop;
import io.jswoole.core.pipe.Endpoint;
import io.jswoole.factory.process.RecordingChannel.Sent;
import io.jswoole.reactor.nio.NioReactorProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a link does with the messages a dead worker had not finished: with close, their
 * connections are returned to be closed and a lost close event waits for the successor; with
 * replay, they wait for the successor in order, ahead of what waited already.
 */
@Timeout(30)
class WorkerLinkLostTest {
    /** Pids no process has (above the kernel's pid_max). */
    private static final long DEAD = 1L << 40;
    private static final long SUCCESSOR = DEAD + 1;

    @TempDir
    Path dir;
    private EventLoop loop;
    private WorkerProgress progress;
    private final List<Integer> givenUp = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        loop = new EventLoop(new NioReactorProvider(), "test");
        progress = WorkerProgress.create(dir, 1, 1);
    }

    @AfterEach
    void tearDown() throws IOException {
        progress.close();
        loop.stop();
        loop.run(); // closes the poller
    }

    private WorkerLink link(boolean replay) {
        return new WorkerLink(0, WorkerLoad.NONE, new WorkerLink.Tracking(progress, 0, replay, givenUp::add));
    }

    private Endpoint<WorkerLink> endpoint(RecordingChannel ch) {
        return new Endpoint<>(loop, ch, (from, t, f, r, s, p) -> { }, e -> { });
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A dead worker that finished the first of four messages; a fifth waited in the backlog. */
    private WorkerLink deadWorker(boolean replay, RecordingChannel dead, AtomicReference<Endpoint<WorkerLink>> deadEndpoint) {
        WorkerLink link = link(replay);
        int bank = progress.claim(0, DEAD);
        Endpoint<WorkerLink> e = endpoint(dead);
        deadEndpoint.set(e);
        link.attach(e, DEAD);
        link.send(Msg.RECEIVE, 0, 0, 1, text("a"));
        link.send(Msg.RECEIVE, 0, 0, 2, text("b"));
        link.send(Msg.CLOSE, 0, 0, 3, text(""));
        link.send(Msg.RECEIVE, 0, 0, 4, text("d"));
        assertEquals(WorkerLink.Outcome.QUEUED, link.send(Msg.RECEIVE, 0, 0, 5, text("e")), "the pipe is full");
        progress.publish(0, bank, 0, 1);
        link.detached(e, false);
        return link;
    }

    @Test
    void closeReturnsTheConnectionsOfLostPacketsAndPassesOnALostCloseEvent() {
        RecordingChannel dead = new RecordingChannel(4);
        AtomicReference<Endpoint<WorkerLink>> e = new AtomicReference<>();
        WorkerLink link = deadWorker(false, dead, e);
        assertArrayEquals(new int[] {2, 4}, link.ended(e.get()), "the unfinished packets' connections are closed");
        progress.claim(0, SUCCESSOR);
        RecordingChannel next = new RecordingChannel(100);
        link.attach(endpoint(next), SUCCESSOR);
        assertEquals(List.of(new Sent(Msg.CLOSE, 3, ""), new Sent(Msg.RECEIVE, 5, "e")), next.sent,
                "the lost close event, then the backlog");
        assertEquals(List.of(), givenUp);
    }

    @Test
    void replayHandsTheUnfinishedMessagesToTheSuccessorInOrderAheadOfTheBacklog() {
        RecordingChannel dead = new RecordingChannel(4);
        AtomicReference<Endpoint<WorkerLink>> e = new AtomicReference<>();
        WorkerLink link = deadWorker(true, dead, e);
        assertArrayEquals(new int[0], link.ended(e.get()), "nothing is closed");
        progress.claim(0, SUCCESSOR);
        RecordingChannel next = new RecordingChannel(100);
        link.attach(endpoint(next), SUCCESSOR);
        assertEquals(List.of(new Sent(Msg.RECEIVE, 2, "b"), new Sent(Msg.CLOSE, 3, ""), new Sent(Msg.RECEIVE, 4, "d"),
                new Sent(Msg.RECEIVE, 5, "e")), next.sent);
    }

    @Test
    void aWorkerThatFinishedEverythingLeavesNothingToDo() {
        WorkerLink link = link(true);
        int bank = progress.claim(0, DEAD);
        Endpoint<WorkerLink> e = endpoint(new RecordingChannel(100));
        link.attach(e, DEAD);
        link.send(Msg.RECEIVE, 0, 0, 1, text("a"));
        progress.publish(0, bank, 0, 1);
        link.detached(e, true);
        assertArrayEquals(new int[0], link.ended(e));
        progress.claim(0, SUCCESSOR);
        RecordingChannel next = new RecordingChannel(100);
        link.attach(endpoint(next), SUCCESSOR);
        assertEquals(List.of(), next.sent);
    }
}
