package io.jswoole.testsuite.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.Hook;
import io.jswoole.JswooleException;
import io.jswoole.Server;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.SettingsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Walks every key of {@code bin/jswoole settings} in every mode: each must be shown to work by a
 * test marked {@code @SettingEffect}, or be refused at start-up with the key named. Refusals are
 * tried here for real: a server with the key set (to its default value, which counts as given)
 * is started in this JVM, and start-up must fail naming the key before the server's own start
 * hook runs (so nothing is bound or spawned). Socket options are applied by the reactor, so for
 * them every reactor must be covered too.
 */
@Timeout(60)
class SettingsKeepTheirWordTest {
    private static final List<String> MODES = List.of("base", "process");
    private static final List<String> REACTORS = List.of("epoll", "nio");
    /** The keys whose effect comes from the reactor's own code (socket options). */
    private static final Set<String> BY_REACTOR = Set.of(Keys.BACKLOG.key(), Keys.OPEN_TCP_NODELAY.key(),
            Keys.TCP_DEFER_ACCEPT.key(), Keys.TCP_FASTOPEN.key(), Keys.OPEN_TCP_KEEPALIVE.key(), Keys.TCP_KEEPIDLE.key(),
            Keys.TCP_KEEPINTERVAL.key(), Keys.TCP_KEEPCOUNT.key(), Keys.TCP_USER_TIMEOUT.key(),
            Keys.ENABLE_REUSE_PORT.key(), Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE.key(),
            Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE.key());

    private static SettingMarks marks;

    @BeforeAll
    static void scan() throws Exception {
        marks = SettingMarks.scan(Path.of("").toAbsolutePath().getParent());
    }

    @Test
    void marksNameRealKeysModesAndReactors() {
        assertTrue(marks.all().size() > 20, "found only " + marks.all().size() + " @SettingEffect marks");
        List<String> wrong = new ArrayList<>();
        for (SettingMarks.Mark m : marks.all()) {
            m.keys().stream().filter(k -> Keys.find(k) == null).forEach(k -> wrong.add(m.where() + ": no key " + k));
            m.modes().stream().filter(x -> !MODES.contains(x)).forEach(x -> wrong.add(m.where() + ": no mode " + x));
            m.reactors().stream().filter(x -> !REACTORS.contains(x)).forEach(x -> wrong.add(m.where() + ": no reactor " + x));
            if (m.keys().isEmpty() || m.modes().isEmpty()) {
                wrong.add(m.where() + ": a mark needs keys and modes");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyKeyWorksOrIsRefusedInEveryMode() {
        Map<String, List<String>> shownBy = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Setting<?> setting : Keys.all()) {
            String key = setting.key();
            for (String mode : MODES) {
                List<String> where = marks.all().stream()
                        .filter(m -> m.keys().contains(key) && m.modes().contains(mode))
                        .map(m -> (m.refused() ? "refused: " : "") + m.where()).toList();
                if (!where.isEmpty()) {
                    shownBy.computeIfAbsent(key + " (" + mode + ")", k -> new ArrayList<>()).addAll(where);
                } else if (refusedAtStart(setting, mode)) {
                    shownBy.computeIfAbsent(key + " (" + mode + ")", k -> new ArrayList<>()).add("refused at start-up");
                } else {
                    missing.add(key + " in " + mode + " mode: no @SettingEffect test shows its effect, and start-up"
                            + " does not refuse it");
                }
            }
            if (BY_REACTOR.contains(key)) {
                for (String reactor : REACTORS) {
                    if (marks.all().stream().noneMatch(m -> m.keys().contains(key) && m.reactors().contains(reactor))) {
                        missing.add(key + " on the " + reactor + " reactor: no @SettingEffect test shows its effect"
                                + " or its refusal there");
                    }
                }
            }
        }
        shownBy.forEach((k, v) -> System.out.println(k + ": " + String.join(", ", v)));
        assertEquals(List.of(), missing, "settings accepted without a shown effect");
    }

    /** Starts a minimal server in {@code mode} with {@code setting} given: true if start-up refuses it by name. */
    static boolean refusedAtStart(Setting<?> setting, String mode) {
        Server server = new Server("127.0.0.1", 0);
        server.onReceive((s, fd, reactorId, data) -> s.send(fd, data));
        server.set(Map.of(Keys.MODE.key(), mode));
        server.set(Map.of(setting.key(), setting.defaultValue()));
        server.addHook(Hook.BEFORE_SERVER_START, s -> {
            throw new StartReached();
        });
        try {
            server.start();
            throw new AssertionError("start() returned");
        } catch (SettingsException e) {
            return e.key().equals(setting.key());
        } catch (JswooleException e) {
            if (e.getCause() instanceof StartReached) {
                return false;
            }
            throw e;
        }
    }

    /** Thrown by the start hook: start-up accepted every setting. */
    private static final class StartReached extends Exception {
        private static final long serialVersionUID = 1L;

        StartReached() {
            super("start-up accepted the settings", null, false, false);
        }
    }
}
