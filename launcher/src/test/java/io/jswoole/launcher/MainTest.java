package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in process, through {@link Main#run(String[], PrintStream, PrintStream)}. Only
 * failures before the server serves are run here: starting a real server is tested elsewhere.
 */
class MainTest {

    @TempDir
    Path dir;

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** Asserts the one-line error report and returns its message. */
        String oneError(int expectedCode) {
            assertEquals(expectedCode, code, () -> "exit code; stderr: " + err);
            assertEquals(1, errLines().size(), () -> "one line on stderr, got: " + err);
            String line = errLines().get(0);
            assertTrue(line.startsWith("jswoole: "), line);
            assertTrue(!err.contains("\tat "), "no stack trace: " + err);
            return line;
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(10)
    void unknownSettingNamesTheKeyAndTheNearestOne() {
        String line = run("run", "--example", "echo", "--set", "worker_nm=2").oneError(Main.USAGE);
        assertTrue(line.contains("'worker_nm'"), line);
        assertTrue(line.contains("did you mean 'worker_num'"), line);
    }

    @Test
    @Timeout(10)
    void badValueNamesTheKeyAndTheAllowedValues() {
        String line = run("run", "--example", "echo", "--set", "worker_num=abc").oneError(Main.USAGE);
        assertTrue(line.contains("worker_num: bad value 'abc'"), line);
        assertTrue(line.contains("allowed: an integer from 1 to 1024"), line);
    }

    @Test
    @Timeout(10)
    void badValueInAConfigFileNamesTheFileAndLine() throws IOException {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "worker_num = 2\nopen_eof_split = maybe\n");
        String line = run("run", "--example", "whoami", "--config", file.toString()).oneError(Main.USAGE);
        assertTrue(line.startsWith("jswoole: " + file + ":2: open_eof_split: bad value 'maybe'"), line);
        assertTrue(line.contains("true or false"), line);
    }

    @Test
    @Timeout(10)
    void malformedConfigLineIsAUsageError() throws IOException {
        Path file = dir.resolve("server.conf");
        Files.writeString(file, "worker_num 2\n");
        String line = run("run", "--example", "echo", "--config", file.toString()).oneError(Main.USAGE);
        assertTrue(line.contains(file + ":1: expected key = value"), line);
    }

    @Test
    @Timeout(10)
    void missingConfigFileIsAUsageError() {
        Path missing = dir.resolve("nope.conf");
        String line = run("run", "--example", "echo", "--config", missing.toString()).oneError(Main.USAGE);
        assertEquals("jswoole: config file " + missing + " does not exist", line);
    }

    @Test
    @Timeout(10)
    void unknownExampleListsTheKnownOnes() {
        String line = run("run", "--example", "nope").oneError(Main.USAGE);
        assertTrue(line.contains("'nope'"), line);
        assertTrue(line.contains("echo, whoami, tasks"), line);
    }

    @Test
    @Timeout(10)
    void exampleOrAppIsRequiredAndNotBoth() {
        String none = run("run").oneError(Main.USAGE);
        assertTrue(none.contains("--example") && none.contains("--app"), none);
        String both = run("run", "--example", "echo", "--app", "x.Y").oneError(Main.USAGE);
        assertTrue(both.contains("mutually exclusive"), both);
    }

    @Test
    @Timeout(10)
    void unknownOptionAndBadPortAreUsageErrors() {
        String unknown = run("run", "--example", "echo", "--bogus").oneError(Main.USAGE);
        assertTrue(unknown.contains("'--bogus'") && unknown.contains("jswoole run --help"), unknown);
        String notNumber = run("run", "--example", "echo", "--port", "http").oneError(Main.USAGE);
        assertTrue(notNumber.contains("--port"), notNumber);
        String outOfRange = run("run", "--example", "echo", "--port", "70000").oneError(Main.USAGE);
        assertTrue(outOfRange.contains("--port must be 0 to 65535, not 70000"), outOfRange);
        String noSetValue = run("run", "--example", "echo", "--set", "worker_num").oneError(Main.USAGE);
        assertTrue(noSetValue.contains("--set worker_num: expected key = value"), noSetValue);
    }

    @Test
    @Timeout(10)
    void noCommandIsAUsageError() {
        String line = run().oneError(Main.USAGE);
        assertTrue(line.contains("missing command"), line);
        assertTrue(run("frobnicate").oneError(Main.USAGE).contains("frobnicate"));
    }

    @Test
    @Timeout(10)
    void unknownAppClassIsAUsageError() {
        String line = run("run", "--app", "com.example.Missing").oneError(Main.USAGE);
        assertTrue(line.contains("app class com.example.Missing not found"), line);
    }

    @Test
    @Timeout(10)
    void appClassWithoutAStaticCreateIsAUsageError() {
        String missing = run("run", "--app", TestApps.NoCreate.class.getName()).oneError(Main.USAGE);
        assertTrue(missing.contains("has no public static Server create(String host, int port)"), missing);
        String instance = run("run", "--app", TestApps.InstanceCreate.class.getName()).oneError(Main.USAGE);
        assertTrue(instance.contains("create must be declared public static Server create"), instance);
        String nothing = run("run", "--app", TestApps.ReturnsNull.class.getName()).oneError(Main.USAGE);
        assertTrue(nothing.contains("create returned null"), nothing);
    }

    @Test
    @Timeout(10)
    void appFailuresAreReportedOnOneLine() {
        String bug = run("run", "--app", TestApps.Throws.class.getName()).oneError(Main.FAILURE);
        assertTrue(bug.contains("create failed: java.lang.IllegalStateException: database unreachable"), bug);
        String setting = run("run", "--app", TestApps.BadSetting.class.getName()).oneError(Main.USAGE);
        assertTrue(setting.contains("worker_num: bad value '0'"), setting);
    }

    @Test
    @Timeout(10)
    void startFailureExitsWithOne() {
        String example = run("run", "--example", "echo", "--port", "0", "--set", "mode=nope").oneError(Main.FAILURE);
        assertTrue(example.contains("mode=nope: no Factory provider named 'nope'"), example);
        String app = run("run", "--app", TestApps.Echo.class.getName(), "--port", "0", "--set", "mode=nope")
                .oneError(Main.FAILURE);
        assertTrue(app.contains("no Factory provider named 'nope'"), app);
    }

    @Test
    @Timeout(10)
    void providersListsTheFourSpis() {
        Result r = run("providers");
        assertEquals(0, r.code(), r.err());
        for (String heading : List.of("Factory (setting mode", "Reactor (setting reactor", "Pipe (setting task_ipc_mode",
                "ProcessPool (setting process_pool")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(heading)), () -> heading + " in:\n" + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    @Timeout(10)
    void settingsPrintsTheReference() {
        Result r = run("settings");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("worker_num\\s+server\\s+1\\s+an integer from 1 to 1024")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("package_eof\\s+port\\s+\\\\r\\\\n\\s+1 to 8 bytes.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("socket_buffer_size\\s+port\\s+2M\\s+a byte size.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("pid_file\\s+server\\s+\"\"\\s+a file path")), r.out());
    }

    @Test
    @Timeout(10)
    void versionAndHelp() {
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("jswoole " + VersionProvider.version()), version.out());
        assertTrue(!VersionProvider.version().equals("unknown") && !VersionProvider.version().contains("${"),
                VersionProvider.version());
        Result help = run("help", "run");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("public static Server create(String host, int port)"), help.out());
        assertTrue(help.out().contains("--example=NAME") && help.out().contains("echo, whoami"), help.out());
    }
}
