package io.jswoole.reactor.epoll;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Converts between Java socket addresses and {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un} in native memory (family in native order, port big-endian).
 */
final class SockAddr {
    private static final Charset PATH_CHARSET = pathCharset();

    private SockAddr() {
    }

    /** The address family: {@link Linux#AF_INET}, {@link Linux#AF_INET6} or {@link Linux#AF_UNIX}. */
    static int family(SocketAddress address) throws UnknownHostException {
        if (address instanceof UnixDomainSocketAddress) {
            return Linux.AF_UNIX;
        }
        return inet(address).getAddress() instanceof Inet4Address ? Linux.AF_INET : Linux.AF_INET6;
    }

    /** Checks that {@code address} is one this provider takes and returns it resolved. */
    static InetSocketAddress inet(SocketAddress address) throws UnknownHostException {
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("the epoll transport takes an InetSocketAddress or a"
                    + " UnixDomainSocketAddress, not " + (address == null ? "null" : address.getClass().getName()));
        }
        if (inet.isUnresolved()) {
            throw new UnknownHostException(inet.getHostString());
        }
        return inet;
    }

    /**
     * Writes {@code address} at index 0 of {@code out} in the layout of {@code family} (an IPv4
     * address on an IPv6 socket becomes IPv4-mapped); returns the length to pass to the kernel.
     */
    static int encode(SocketAddress address, int family, ByteBuffer out) throws SocketException {
        if (family == Linux.AF_UNIX) {
            if (!(address instanceof UnixDomainSocketAddress unix)) {
                throw new SocketException("a Unix socket needs a UnixDomainSocketAddress, not " + address);
            }
            return encodeUnix(unix, out);
        }
        InetSocketAddress inet;
        try {
            inet = inet(address);
        } catch (UnknownHostException e) {
            throw new SocketException("unresolved address " + address);
        }
        byte[] ip = inet.getAddress().getAddress();
        int port = inet.getPort();
        for (int i = 0; i < 28; i++) {
            out.put(i, (byte) 0);
        }
        out.putShort(0, (short) family);
        out.put(2, (byte) (port >>> 8));
        out.put(3, (byte) port);
        if (family == Linux.AF_INET) {
            if (ip.length != 4) {
                throw new SocketException("an IPv6 address on an IPv4 socket: " + address);
            }
            out.put(4, ip);
            return 16;
        }
        if (ip.length == 4) {
            out.put(18, (byte) 0xff).put(19, (byte) 0xff).put(20, ip);
        } else {
            out.put(8, ip);
            if (inet.getAddress() instanceof Inet6Address v6) {
                out.putInt(24, v6.getScopeId());
            }
        }
        return 28;
    }

    private static int encodeUnix(UnixDomainSocketAddress address, ByteBuffer out) throws SocketException {
        byte[] path = address.getPath().toString().getBytes(PATH_CHARSET);
        if (path.length == 0) {
            throw new SocketException("an empty Unix socket path");
        }
        if (path.length >= Linux.UNIX_PATH_MAX) {
            throw new SocketException("Unix domain path too long (" + path.length + " bytes, at most "
                    + (Linux.UNIX_PATH_MAX - 1) + "): " + address.getPath());
        }
        out.putShort(0, (short) Linux.AF_UNIX);
        out.put(2, path);
        out.put(2 + path.length, (byte) 0);
        return 2 + path.length + 1;
    }

    /** Reads the address of {@code length} bytes at index 0 of {@code in}. */
    static SocketAddress decode(ByteBuffer in, int length) throws SocketException {
        int family = length >= 2 ? in.getShort(0) & 0xffff : Linux.AF_UNIX;
        switch (family) {
            case Linux.AF_INET: {
                byte[] ip = new byte[4];
                in.get(4, ip);
                return new InetSocketAddress(byAddress(ip), port(in));
            }
            case Linux.AF_INET6: {
                byte[] ip = new byte[16];
                in.get(8, ip);
                int scope = in.getInt(24);
                InetAddress address = byAddress(ip);
                if (address instanceof Inet6Address && scope != 0) {
                    try {
                        address = Inet6Address.getByAddress(null, ip, scope);
                    } catch (UnknownHostException e) {
                        throw new SocketException("bad IPv6 address from the kernel");
                    }
                }
                return new InetSocketAddress(address, port(in));
            }
            case Linux.AF_UNIX:
                return decodeUnix(in, length);
            default:
                throw new SocketException("unexpected address family " + family);
        }
    }

    /** An unnamed or abstract Unix address reads as the empty path, as the JDK reports it. */
    private static UnixDomainSocketAddress decodeUnix(ByteBuffer in, int length) {
        int end = 2;
        while (end < length && in.get(end) != 0) {
            end++;
        }
        if (end == 2) {
            return UnixDomainSocketAddress.of("");
        }
        byte[] path = new byte[end - 2];
        in.get(2, path);
        return UnixDomainSocketAddress.of(new String(path, PATH_CHARSET));
    }

    private static int port(ByteBuffer in) {
        return ((in.get(2) & 0xff) << 8) | (in.get(3) & 0xff);
    }

    /** An IPv4-mapped IPv6 address comes back as IPv4, as the JDK reports it. */
    private static InetAddress byAddress(byte[] ip) throws SocketException {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new SocketException("bad address length " + ip.length + " from the kernel");
        }
    }

    private static Charset pathCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name != null ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
