package io.jswoole.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kv example's parser of commands, read in place, and its command names. */
@Timeout(10)
class RespCommandTest {
    private final RespCommand command = new RespCommand();

    /**
     * {@code text} as a worker gets a packet: a read-only view of a direct buffer, between bytes
     * that are not the command's.
     */
    private static ByteBuffer packet(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 10);
        byte[] around = "*9\r\n$".getBytes(StandardCharsets.US_ASCII);
        b.put(around).put(bytes).put(around);
        return b.asReadOnlyBuffer().position(5).limit(5 + bytes.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private List<String> args() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < command.count(); i++) {
            args.add(command.string(i));
        }
        return args;
    }

    @Test
    void multiBulkArgumentsAreTakenByTheirLengths() {
        ByteBuffer p = packet("*4\r\n$3\r\nSET\r\n$2\r\nk1\r\n$8\r\na\r\n$1\r\nb\r\n$0\r\n\r\n");
        assertTrue(command.parse(p));
        assertEquals(List.of("SET", "k1", "a\r\n$1\r\nb", ""), args());
        assertArrayEquals(ascii("a\r\n$1\r\nb"), command.bytes(2));
        assertArrayEquals(ascii("$8\r\na\r\n$1\r\nb\r\n"), command.bulk(2));
        assertArrayEquals(ascii("$0\r\n\r\n"), command.bulk(3));
        assertEquals(5, p.position(), "the position and limit are left as they were");
        assertThrows(IndexOutOfBoundsException.class, () -> command.bytes(4));
    }

    @Test
    void inlineWordsAreSplitAtSpacesAndTabs() {
        assertTrue(command.parse(packet(" \tGET  a\tb\u0001c \r\n")));
        assertEquals(List.of("GET", "a", "b\u0001c"), args());
        assertTrue(command.parse(packet("PING\n")));
        assertEquals(List.of("PING"), args());
        assertFalse(command.parse(packet(" \t\r\n")));
        assertEquals(0, command.count());
    }

    @Test
    void manyArgumentsGrowTheArraysAndAShorterCommandReplacesThem() {
        StringBuilder line = new StringBuilder("MSET");
        List<String> expected = new ArrayList<>(List.of("MSET"));
        for (int i = 0; i < 40; i++) {
            line.append(" k").append(i).append(" v").append(i);
            expected.addAll(List.of("k" + i, "v" + i));
        }
        assertTrue(command.parse(packet(line + "\r\n")));
        assertEquals(expected, args());
        List<byte[]> bulk = new ArrayList<>();
        expected.forEach(a -> bulk.add(ascii(a)));
        assertTrue(command.parse(packet(new String(Resp.command(bulk), StandardCharsets.ISO_8859_1))));
        assertEquals(expected, args());
        assertTrue(command.parse(packet("*1\r\n$4\r\nPING\r\n")));
        assertEquals(List.of("PING"), args());
    }

    @Test
    void numbersFollowLongParseLong() {
        for (String s : new String[] {"0", "42", "-42", "+7", "007", "-0", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "99999999999999999999", "", "-",
            "+", "1a", "a1", " 1", "1.5", "--1", "0x10", "\u00b9"}) {
            command.parse(packet("*2\r\n$6\r\nINCRBY\r\n$" + s.length() + "\r\n" + s + "\r\n"));
            Long expected;
            try {
                expected = Long.parseLong(new String(ascii(s), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                expected = null;
            }
            if (expected == null) {
                assertThrows(RespCommand.NotAnInteger.class, () -> command.longAt(1), s);
            } else {
                assertEquals(expected, command.longAt(1), s);
            }
        }
    }

    @Test
    void namesAreFoundInAnyCase() {
        for (String name : new String[] {"get", "GET", "gEt", "mset", "MSet", "config", "QUIT"}) {
            command.parse(packet(name + " x\r\n"));
            assertEquals(name.toUpperCase(java.util.Locale.ROOT), KvCommand.of(command).name(), name);
        }
        for (String name : new String[] {"ge", "gets", "g\u00c9t", "nosuch", "ge\u0000t", "Ket"}) {
            command.parse(packet(name + "\r\n"));
            assertNull(KvCommand.of(command), name);
        }
        command.parse(packet("*2\r\n$3\r\nSeT\r\n$2\r\nnX\r\n"));
        assertTrue(command.is(0, ascii("set")));
        assertTrue(command.is(1, ascii("nx")));
        assertFalse(command.is(1, ascii("xx")));
        assertFalse(command.is(1, ascii("n")));
    }

    @Test
    void theHashIsTheStringHashOfTheBytesReadAsIsoLatin1() {
        for (String key : new String[] {"", "a", "key:000000012345", "Z\u00fcrich", "\u00ff\u0080"}) {
            byte[] get = Resp.command(List.of(ascii("GET"), ascii(key)));
            command.parse(packet(new String(get, StandardCharsets.ISO_8859_1)));
            assertEquals(key.hashCode(), command.hash(1), key);
        }
    }

    @Test
    void getRepliesWithTheStoredArrayItself() {
        KvStore store = new KvStore(() -> {
            throw new AssertionError("no entry has an expiry: the clock is not read");
        });
        command.parse(packet("*3\r\n$3\r\nSET\r\n$3\r\nk\r\n\r\n$5\r\nv\r\nw!\r\n"));
        assertArrayEquals(Resp.OK, store.execute(command));
        command.parse(packet("*2\r\n$3\r\nGET\r\n$3\r\nk\r\n\r\n"));
        byte[] first = store.execute(command);
        assertArrayEquals(ascii("$5\r\nv\r\nw!\r\n"), first);
        command.parse(packet("get k\r\n")); // another key: "k" without the CRLF
        assertSame(Resp.NIL, store.execute(command));
        command.parse(packet("*2\r\n$3\r\nget\r\n$3\r\nk\r\n\r\n"));
        assertSame(first, store.execute(command));
        command.parse(packet("MGET k\r\n"));
        assertArrayEquals(ascii("*1\r\n$-1\r\n"), store.execute(command));
    }
}
