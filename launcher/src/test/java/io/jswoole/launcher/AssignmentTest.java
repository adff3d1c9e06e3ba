package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AssignmentTest {

    @Test
    @Timeout(5)
    void splitsAtTheFirstEqualsSignAndStripsSpace() {
        Assignment a = Assignment.parse("  worker_num =  4 ", "--set");
        assertEquals("worker_num", a.key());
        assertEquals("4", a.value());
        assertEquals("--set", a.origin());
        assertEquals("a=b", Assignment.parse("package_eof=a=b", "x").value());
    }

    @Test
    @Timeout(5)
    void keepsEscapesForTheSettingToParse() {
        assertEquals("\\r\\n", Assignment.parse("package_eof = \\r\\n", "x").value());
    }

    @Test
    @Timeout(5)
    void removesOnePairOfMatchingQuotes() {
        assertEquals("\\r\\n", Assignment.parse("package_eof = \"\\r\\n\"", "x").value());
        assertEquals("# not a comment", Assignment.parse("pid_file = '# not a comment'", "x").value());
        assertEquals("\"x'", Assignment.parse("k = \"x'", "x").value());
        assertEquals("\"", Assignment.parse("k = \"", "x").value());
    }

    @Test
    @Timeout(5)
    void allowsAnEmptyValue() {
        assertEquals("", Assignment.parse("log_file =", "x").value());
        assertEquals("", Assignment.parse("log_file = \"\"", "x").value());
    }

    @Test
    @Timeout(5)
    void refusesTextWithoutEqualsSign() {
        UsageException e = assertThrows(UsageException.class, () -> Assignment.parse("worker_num 4", "--set worker_num 4"));
        assertTrue(e.getMessage().startsWith("--set worker_num 4: expected key = value"), e.getMessage());
    }

    @Test
    @Timeout(5)
    void refusesAMissingKey() {
        UsageException e = assertThrows(UsageException.class, () -> Assignment.parse(" = 4", "f:2"));
        assertTrue(e.getMessage().startsWith("f:2: a setting name is missing"), e.getMessage());
    }
}
