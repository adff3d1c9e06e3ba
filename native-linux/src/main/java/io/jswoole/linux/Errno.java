package io.jswoole.linux;

/**
 * The errno values of Linux that jswoole tells apart, and the symbolic names of those it reports.
 * The one errno table of the project: every module that calls the C library uses these.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ENOMSG = 42;
    public static final int EIDRM = 43;
    public static final int ENOPROTOOPT = 92;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EINPROGRESS = 115;

    private static final String[] NAMES = new String[134];

    static {
        String[] named = {
            "1 EPERM", "2 ENOENT", "3 ESRCH", "4 EINTR", "5 EIO", "7 E2BIG", "9 EBADF", "10 ECHILD", "11 EAGAIN",
            "12 ENOMEM", "13 EACCES", "14 EFAULT", "17 EEXIST", "20 ENOTDIR", "21 EISDIR", "22 EINVAL",
            "23 ENFILE", "24 EMFILE", "28 ENOSPC", "30 EROFS", "32 EPIPE", "36 ENAMETOOLONG", "38 ENOSYS",
            "40 ELOOP", "42 ENOMSG", "43 EIDRM", "88 ENOTSOCK", "89 EDESTADDRREQ", "90 EMSGSIZE",
            "91 EPROTOTYPE", "92 ENOPROTOOPT", "93 EPROTONOSUPPORT", "94 ESOCKTNOSUPPORT", "95 EOPNOTSUPP",
            "97 EAFNOSUPPORT", "98 EADDRINUSE", "99 EADDRNOTAVAIL", "100 ENETDOWN", "101 ENETUNREACH",
            "102 ENETRESET", "103 ECONNABORTED", "104 ECONNRESET", "105 ENOBUFS", "106 EISCONN",
            "107 ENOTCONN", "108 ESHUTDOWN", "110 ETIMEDOUT", "111 ECONNREFUSED", "112 EHOSTDOWN",
            "113 EHOSTUNREACH", "114 EALREADY", "115 EINPROGRESS",
        };
        for (String n : named) {
            int space = n.indexOf(' ');
            NAMES[Integer.parseInt(n.substring(0, space))] = n.substring(space + 1);
        }
    }

    private Errno() {
    }

    /** The symbolic name, such as {@code ECONNRESET}, or {@code errno N} for one not listed. */
    public static String name(int errno) {
        String n = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return n != null ? n : "errno " + errno;
    }
}
