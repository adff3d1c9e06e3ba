package io.jswoole.linux;

import io.jswoole.linux.libc.PosixCalls;
import java.io.IOException;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;
import jnr.posix.util.DefaultPOSIXHandler;

/**
 * A user and group for a process to run as (Swoole's {@code user} and {@code group} settings),
 * found by name or number, and the calls that switch a process to them for good.
 *
 * @param user  the user's name (or number, if it has no name)
 * @param uid   the user's id
 * @param group the group's name (or number)
 * @param gid   the group's id
 */
public record Identity(String user, int uid, String group, int gid) {

    /**
     * The identity of {@code user} (a name or a number) and {@code group} (a name, a number, or
     * empty for the user's own group).
     *
     * @throws UnknownName naming the user or group that does not exist
     */
    public static Identity of(String user, String group) {
        POSIX p = UserDatabase.POSIX;
        Passwd pw = isNumber(user) ? p.getpwuid(Integer.parseInt(user)) : p.getpwnam(user);
        if (pw == null && !isNumber(user)) {
            throw new UnknownName(false, "there is no user " + user + " on this system");
        }
        int uid = pw != null ? (int) pw.getUID() : Integer.parseInt(user);
        String userName = pw != null ? pw.getLoginName() : user;
        if (group.isEmpty()) {
            if (pw == null) {
                throw new UnknownName(false, "user " + user + " has no entry in the user database to give its"
                        + " group: set group as well");
            }
            int gid = (int) pw.getGID();
            Group g = p.getgrgid(gid);
            return new Identity(userName, uid, g != null ? g.getName() : Integer.toString(gid), gid);
        }
        Group g = isNumber(group) ? p.getgrgid(Integer.parseInt(group)) : p.getgrnam(group);
        if (g == null && !isNumber(group)) {
            throw new UnknownName(true, "there is no group " + group + " on this system");
        }
        return new Identity(userName, uid, g != null ? g.getName() : group,
                g != null ? (int) g.getGID() : Integer.parseInt(group));
    }

    /** A user or group that is not on this system. */
    public static final class UnknownName extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final boolean group;

        UnknownName(boolean group, String message) {
            super(message);
            this.group = group;
        }

        /** Whether the group, rather than the user, is unknown. */
        public boolean isGroup() {
            return group;
        }
    }

    /** The identity this process runs as (its real user and group). */
    public static Identity current() {
        PosixCalls p = Posix.calls();
        int uid = p.getuid();
        int gid = p.getgid();
        return new Identity(Integer.toString(uid), uid, Integer.toString(gid), gid);
    }

    /** Whether this process runs as the superuser, who may take another identity. */
    public static boolean isSuperuser() {
        return Posix.calls().geteuid() == 0;
    }

    /** Whether this process already runs as this user and group. */
    public boolean isCurrent() {
        PosixCalls p = Posix.calls();
        return p.getuid() == uid && p.geteuid() == uid && p.getgid() == gid && p.getegid() == gid;
    }

    /**
     * Makes this process (every thread of it) run as this user and group, with only this group
     * as a supplementary group, for good: a superuser process gives up its privileges. Group
     * first, as a user who is no longer the superuser could not change it.
     *
     * @throws IOException if a call fails (EPERM unless the process is the superuser)
     */
    public void become() throws IOException {
        PosixCalls p = Posix.calls();
        if (p.setgroups(1, new int[] {gid}) != 0) {
            throw Errors.lastError("setgroups([" + gid + "])");
        }
        if (p.setgid(gid) != 0) {
            throw Errors.lastError("setgid(" + gid + ")");
        }
        if (p.setuid(uid) != 0) {
            throw Errors.lastError("setuid(" + uid + ")");
        }
        if (!isCurrent()) {
            throw new IOException("still running as uid " + p.geteuid() + ", gid " + p.getegid() + " after becoming "
                    + this);
        }
    }

    /** Sets this process's file-creation mask; returns the previous one. */
    public static int umask(int mask) {
        return Posix.calls().umask(mask);
    }

    @Override
    public String toString() {
        return user + " (uid " + uid + "), group " + group + " (gid " + gid + ")";
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /**
     * jnr-posix, for the user and group database ({@code getpwnam} and its kin, which follow the
     * system's name services); loaded only when a user or group is looked up.
     */
    private static final class UserDatabase {
        static final POSIX POSIX = load();

        private static POSIX load() {
            POSIX p = POSIXFactory.getNativePOSIX(new DefaultPOSIXHandler());
            if (!p.isNative()) {
                throw new UnsupportedOperationException("jnr-posix has no native binding on this platform");
            }
            return p;
        }
    }
}
