package io.jswoole.reactor.epoll;

/**
 * The Linux constants and structure layouts this provider uses. The numbers are those of the
 * generic Linux ABI, the same on x86_64 and aarch64 (the architectures {@link Epoll} accepts);
 * only {@code struct epoll_event} differs between them.
 */
final class Linux {
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 04000;
    static final int SOCK_CLOEXEC = 02000000;

    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_KEEPALIVE = 9;
    static final int SO_LINGER = 13;
    static final int SO_REUSEPORT = 15;
    static final int SO_TYPE = 3;
    static final int SO_ACCEPTCONN = 30;
    static final int SO_DOMAIN = 39;

    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int TCP_KEEPIDLE = 4;
    static final int TCP_KEEPINTVL = 5;
    static final int TCP_KEEPCNT = 6;
    static final int TCP_DEFER_ACCEPT = 9;
    static final int TCP_USER_TIMEOUT = 18;
    static final int TCP_FASTOPEN = 23;

    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;

    static final int SHUT_WR = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;

    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int FD_CLOEXEC = 1;
    static final int O_NONBLOCK = 04000;

    static final int EPOLL_CLOEXEC = 02000000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLET = 1 << 31;

    static final int EFD_NONBLOCK = 04000;
    static final int EFD_CLOEXEC = 02000000;

    /** {@code struct epoll_event}: packed (12 bytes) on x86_64, naturally aligned (16) elsewhere. */
    static final boolean PACKED_EPOLL_EVENT = isX86_64(System.getProperty("os.arch", ""));
    static final int EPOLL_EVENT_SIZE = PACKED_EPOLL_EVENT ? 12 : 16;
    static final int EPOLL_EVENT_DATA = PACKED_EPOLL_EVENT ? 4 : 8;

    /** {@code struct iovec}: base pointer, length. */
    static final int IOVEC_SIZE = 16;
    /** Linux's limit on the iovecs of one call. */
    static final int IOV_MAX = 1024;

    /** {@code struct msghdr} on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
    static final int MSGHDR_SIZE = 56;
    static final int MSGHDR_NAME = 0;
    static final int MSGHDR_NAMELEN = 8;
    static final int MSGHDR_IOV = 16;
    static final int MSGHDR_IOVLEN = 24;

    /** Room for any socket address: {@code struct sockaddr_storage}. */
    static final int SOCKADDR_STORAGE_SIZE = 128;
    /** The longest Unix socket path, {@code sizeof(sun_path)}. */
    static final int UNIX_PATH_MAX = 108;

    private Linux() {
    }

    static boolean isX86_64(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    static boolean isAarch64(String arch) {
        return arch.equals("aarch64") || arch.equals("arm64");
    }
}
