package io.jswoole.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A daemon's command line does not depend on the directory it was launched from. */
@Timeout(10)
class DaemonCommandTest {
    private static final Path DIR = Path.of("/srv/app");

    @Test
    void relativeJvmPathsBecomeAbsoluteAndTheApplicationsArgumentsStayAsTheyAre() {
        assertEquals(List.of("-Xmx96m", "-javaagent:/srv/app/agent.jar=opt=1", "-XX:SharedArchiveFile=/srv/app/a.jsa",
                        "-cp", "/srv/app/lib/*:/opt/x.jar:/srv/app", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "@/srv/app/args.txt", "com.example.Main", "--config", "server.conf", "-cp", "kept"),
                DaemonCommand.absolute(List.of("-Xmx96m", "-javaagent:agent.jar=opt=1", "-XX:SharedArchiveFile=a.jsa",
                        "-cp", "lib/*:/opt/x.jar:", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "@args.txt",
                        "com.example.Main", "--config", "server.conf", "-cp", "kept"), DIR));
    }

    @Test
    void modulePathJarAndModule() {
        assertEquals(List.of("--module-path=/srv/app/mods", "-m", "app/com.example.Main", "x"),
                DaemonCommand.absolute(List.of("--module-path=mods", "-m", "app/com.example.Main", "x"), DIR));
        assertEquals(List.of("-p", "/srv/app/mods", "-jar", "/srv/app/app.jar", "lib/a"),
                DaemonCommand.absolute(List.of("-p", "mods", "-jar", "app.jar", "lib/a"), DIR));
    }
}
