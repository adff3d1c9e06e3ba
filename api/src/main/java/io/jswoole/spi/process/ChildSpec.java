package io.jswoole.spi.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start: the role and id the child runs as, plus system properties and JVM options added
 * to the ones the current JVM was started with.
 *
 * @param role             {@code manager}, {@code worker}, {@code task_worker} or {@code user}
 * @param id               the worker id (Swoole's numbering: workers, then task workers, then user processes)
 * @param systemProperties extra {@code -D} properties
 * @param jvmOptions       extra JVM options (heap size, ...)
 */
public record ChildSpec(String role, int id, Map<String, String> systemProperties, List<String> jvmOptions) {
    public ChildSpec {
        systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
        jvmOptions = List.copyOf(jvmOptions);
    }
}
