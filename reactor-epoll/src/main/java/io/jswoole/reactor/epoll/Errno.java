package io.jswoole.reactor.epoll;

/** The errno values this provider tells apart, with their names for messages. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EPIPE = 32;
    static final int ENOPROTOOPT = 92;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EINPROGRESS = 115;

    private static final String[] NAMES = new String[134];

    static {
        String[] named = {
            "1 EPERM", "2 ENOENT", "4 EINTR", "5 EIO", "9 EBADF", "11 EAGAIN", "12 ENOMEM", "13 EACCES",
            "14 EFAULT", "17 EEXIST", "20 ENOTDIR", "21 EISDIR", "22 EINVAL", "23 ENFILE", "24 EMFILE",
            "28 ENOSPC", "30 EROFS", "32 EPIPE", "36 ENAMETOOLONG", "38 ENOSYS", "40 ELOOP", "88 ENOTSOCK",
            "89 EDESTADDRREQ", "90 EMSGSIZE", "91 EPROTOTYPE", "92 ENOPROTOOPT", "93 EPROTONOSUPPORT",
            "94 ESOCKTNOSUPPORT", "95 EOPNOTSUPP", "97 EAFNOSUPPORT", "98 EADDRINUSE", "99 EADDRNOTAVAIL",
            "100 ENETDOWN", "101 ENETUNREACH", "102 ENETRESET", "103 ECONNABORTED", "104 ECONNRESET",
            "105 ENOBUFS", "106 EISCONN", "107 ENOTCONN", "108 ESHUTDOWN", "110 ETIMEDOUT",
            "111 ECONNREFUSED", "112 EHOSTDOWN", "113 EHOSTUNREACH", "114 EALREADY", "115 EINPROGRESS",
        };
        for (String n : named) {
            int space = n.indexOf(' ');
            NAMES[Integer.parseInt(n.substring(0, space))] = n.substring(space + 1);
        }
    }

    private Errno() {
    }

    /** The symbolic name, such as {@code ECONNRESET}, or {@code errno N} for one not listed. */
    static String name(int errno) {
        String n = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return n != null ? n : "errno " + errno;
    }
}
