/*
 * jswoole's native library: the C library calls of the native layer, one JNI function each (see
 * the classes of io.jswoole.linux.libc, whose javac-generated headers declare them). A call that
 * fails returns what the C function returns (-1) and leaves errno in a per-thread variable that
 * NativeLibrary.errno() reads. Pointers arrive as addresses in jlong; arrays are copied in and out
 * with the JNI region functions, never pinned across a call that may block.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <jni.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "io_jswoole_linux_libc_AffinityCalls.h"
#include "io_jswoole_linux_libc_ArrayCalls.h"
#include "io_jswoole_linux_libc_MessageQueueCalls.h"
#include "io_jswoole_linux_libc_NativeLibrary.h"
#include "io_jswoole_linux_libc_PosixCalls.h"
#include "io_jswoole_linux_libc_SocketCalls.h"

/* The largest address or option a call takes from a Java array (a sockaddr_storage is 128). */
#define SMALL 256

static __thread int last_errno;

/* Returns r, keeping errno when r is -1. */
#define KEEP(r) ({ __typeof__(r) r_ = (r); if (r_ == -1) last_errno = errno; r_; })
#define PTR(address) ((void *) (intptr_t) (address))
#define FN(cls, name) JNIEXPORT JNICALL Java_io_jswoole_linux_libc_##cls##_##name

/* Copies a small Java array into buf; false (errno EINVAL kept) when it is too long. */
static int small(JNIEnv *env, jbyteArray array, jint length, jbyte *buf) {
    if (length < 0 || length > SMALL || length > (*env)->GetArrayLength(env, array)) {
        last_errno = EINVAL;
        return 0;
    }
    (*env)->GetByteArrayRegion(env, array, 0, length, buf);
    return 1;
}

/* ---- NativeLibrary ---- */

jint FN(NativeLibrary, errno)(JNIEnv *env, jclass cls) {
    return last_errno;
}

jlong FN(NativeLibrary, address)(JNIEnv *env, jclass cls, jobject buffer) {
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

/* ---- SocketCalls ---- */

jint FN(SocketCalls, epoll_1create1)(JNIEnv *env, jobject self, jint flags) {
    return KEEP(epoll_create1(flags));
}

jint FN(SocketCalls, epoll_1ctl)(JNIEnv *env, jobject self, jint epfd, jint op, jint fd, jlong event) {
    return KEEP(epoll_ctl(epfd, op, fd, PTR(event)));
}

jint FN(SocketCalls, epoll_1wait)(JNIEnv *env, jobject self, jint epfd, jlong events, jint max, jint timeout) {
    return KEEP(epoll_wait(epfd, PTR(events), max, timeout));
}

jint FN(SocketCalls, eventfd)(JNIEnv *env, jobject self, jint initial, jint flags) {
    return KEEP(eventfd((unsigned int) initial, flags));
}

jint FN(SocketCalls, socket)(JNIEnv *env, jobject self, jint domain, jint type, jint protocol) {
    return KEEP(socket(domain, type, protocol));
}

jint FN(SocketCalls, bind)(JNIEnv *env, jobject self, jint fd, jlong address, jint length) {
    return KEEP(bind(fd, PTR(address), (socklen_t) length));
}

jint FN(SocketCalls, listen)(JNIEnv *env, jobject self, jint fd, jint backlog) {
    return KEEP(listen(fd, backlog));
}

jint FN(SocketCalls, accept4)(JNIEnv *env, jobject self, jint fd, jlong address, jlong length, jint flags) {
    return KEEP(accept4(fd, PTR(address), PTR(length), flags));
}

jint FN(SocketCalls, connect)(JNIEnv *env, jobject self, jint fd, jlong address, jint length) {
    return KEEP(connect(fd, PTR(address), (socklen_t) length));
}

jlong FN(SocketCalls, read)(JNIEnv *env, jobject self, jint fd, jlong buffer, jlong count) {
    return KEEP(read(fd, PTR(buffer), (size_t) count));
}

jlong FN(SocketCalls, write)(JNIEnv *env, jobject self, jint fd, jlong buffer, jlong count) {
    return write(fd, PTR(buffer), (size_t) count); /* errno not kept: see SocketCalls.write */
}

jlong FN(SocketCalls, send)(JNIEnv *env, jobject self, jint fd, jlong buffer, jlong length, jint flags) {
    return KEEP(send(fd, PTR(buffer), (size_t) length, flags));
}

jlong FN(SocketCalls, sendmsg)(JNIEnv *env, jobject self, jint fd, jlong message, jint flags) {
    return KEEP(sendmsg(fd, PTR(message), flags));
}

jlong FN(SocketCalls, recvmsg)(JNIEnv *env, jobject self, jint fd, jlong message, jint flags) {
    return KEEP(recvmsg(fd, PTR(message), flags));
}

jint FN(SocketCalls, shutdown)(JNIEnv *env, jobject self, jint fd, jint how) {
    return KEEP(shutdown(fd, how));
}

jint FN(SocketCalls, close)(JNIEnv *env, jobject self, jint fd) {
    return close(fd); /* errno not kept: the descriptor is released whatever close returns */
}

jint FN(SocketCalls, setsockopt)(JNIEnv *env, jobject self, jint fd, jint level, jint name, jlong value, jint length) {
    return KEEP(setsockopt(fd, level, name, PTR(value), (socklen_t) length));
}

jint FN(SocketCalls, getsockopt)(JNIEnv *env, jobject self, jint fd, jint level, jint name, jlong value, jlong length) {
    return KEEP(getsockopt(fd, level, name, PTR(value), PTR(length)));
}

jint FN(SocketCalls, getsockname)(JNIEnv *env, jobject self, jint fd, jlong address, jlong length) {
    return KEEP(getsockname(fd, PTR(address), PTR(length)));
}

jint FN(SocketCalls, getpeername)(JNIEnv *env, jobject self, jint fd, jlong address, jlong length) {
    return KEEP(getpeername(fd, PTR(address), PTR(length)));
}

jint FN(SocketCalls, fcntl)(JNIEnv *env, jobject self, jint fd, jint command, jint argument) {
    return KEEP(fcntl(fd, command, argument));
}

/* ---- ArrayCalls: addresses, options and data in Java arrays ---- */

jint FN(ArrayCalls, bind)(JNIEnv *env, jobject self, jint fd, jbyteArray address, jint length) {
    jbyte buf[SMALL];
    return small(env, address, length, buf) ? KEEP(bind(fd, (struct sockaddr *) buf, (socklen_t) length)) : -1;
}

jint FN(ArrayCalls, connect)(JNIEnv *env, jobject self, jint fd, jbyteArray address, jint length) {
    jbyte buf[SMALL];
    return small(env, address, length, buf) ? KEEP(connect(fd, (struct sockaddr *) buf, (socklen_t) length)) : -1;
}

jint FN(ArrayCalls, setsockopt)(JNIEnv *env, jobject self, jint fd, jint level, jint name, jbyteArray value, jint length) {
    jbyte buf[SMALL];
    return small(env, value, length, buf) ? KEEP(setsockopt(fd, level, name, buf, (socklen_t) length)) : -1;
}

/* Room on the C heap for length bytes of a Java array, or NULL (EINVAL or ENOMEM kept). */
static void *room_for(JNIEnv *env, jbyteArray array, jlong length) {
    if (length < 0 || length > (*env)->GetArrayLength(env, array)) {
        last_errno = EINVAL;
        return NULL;
    }
    void *buf = malloc(length > 0 ? (size_t) length : 1);
    if (buf == NULL) {
        last_errno = ENOMEM;
    }
    return buf;
}

jlong FN(ArrayCalls, send)(JNIEnv *env, jobject self, jint fd, jbyteArray data, jlong length, jint flags) {
    void *buf = room_for(env, data, length);
    if (buf == NULL) {
        return -1;
    }
    (*env)->GetByteArrayRegion(env, data, 0, (jsize) length, buf);
    ssize_t n = KEEP(send(fd, buf, (size_t) length, flags));
    free(buf);
    return n;
}

jlong FN(ArrayCalls, recv)(JNIEnv *env, jobject self, jint fd, jbyteArray data, jlong length, jint flags) {
    void *buf = room_for(env, data, length);
    if (buf == NULL) {
        return -1;
    }
    ssize_t n = KEEP(recv(fd, buf, (size_t) length, flags));
    if (n > 0) {
        (*env)->SetByteArrayRegion(env, data, 0, (jsize) n, buf);
    }
    free(buf);
    return n;
}

/* ---- MessageQueueCalls ---- */

jint FN(MessageQueueCalls, msgget)(JNIEnv *env, jobject self, jint key, jint flags) {
    return KEEP(msgget((key_t) key, flags));
}

jint FN(MessageQueueCalls, msgsnd)(JNIEnv *env, jobject self, jint id, jlong message, jlong size, jint flags) {
    return KEEP(msgsnd(id, PTR(message), (size_t) size, flags));
}

jlong FN(MessageQueueCalls, msgrcv)(JNIEnv *env, jobject self, jint id, jlong message, jlong size, jlong type,
                                    jint flags) {
    return KEEP(msgrcv(id, PTR(message), (size_t) size, (long) type, flags));
}

jint FN(MessageQueueCalls, msgctl)(JNIEnv *env, jobject self, jint id, jint command, jlong buffer) {
    return KEEP(msgctl(id, command, PTR(buffer)));
}

/* ---- PosixCalls ---- */

jlong FN(PosixCalls, getpid)(JNIEnv *env, jobject self) {
    return getpid();
}

jlong FN(PosixCalls, getppid)(JNIEnv *env, jobject self) {
    return getppid();
}

jint FN(PosixCalls, getuid)(JNIEnv *env, jobject self) {
    return (jint) getuid();
}

jint FN(PosixCalls, geteuid)(JNIEnv *env, jobject self) {
    return (jint) geteuid();
}

jint FN(PosixCalls, getgid)(JNIEnv *env, jobject self) {
    return (jint) getgid();
}

jint FN(PosixCalls, getegid)(JNIEnv *env, jobject self) {
    return (jint) getegid();
}

jint FN(PosixCalls, kill)(JNIEnv *env, jobject self, jlong pid, jint signal) {
    return KEEP(kill((pid_t) pid, signal));
}

jlong FN(PosixCalls, setsid)(JNIEnv *env, jobject self) {
    return KEEP(setsid());
}

jint FN(PosixCalls, getrlimit)(JNIEnv *env, jobject self, jint resource, jlongArray limit) {
    struct rlimit r;
    if (KEEP(getrlimit(resource, &r)) != 0) {
        return -1;
    }
    jlong values[2] = {(jlong) r.rlim_cur, (jlong) r.rlim_max};
    (*env)->SetLongArrayRegion(env, limit, 0, 2, values);
    return 0;
}

/* Runs call(path, ...) with a Java string as a C string. */
#define WITH_PATH(env, path, call) ({                                   \
    const char *p_ = (*(env))->GetStringUTFChars((env), (path), NULL);  \
    jint r_ = -1;                                                       \
    if (p_ == NULL) {                                                   \
        last_errno = ENOMEM;                                            \
    } else {                                                            \
        r_ = KEEP(call);                                                \
        (*(env))->ReleaseStringUTFChars((env), (path), p_);             \
    }                                                                   \
    r_; })

jint FN(PosixCalls, chown)(JNIEnv *env, jobject self, jstring path, jint uid, jint gid) {
    return WITH_PATH(env, path, chown(p_, (uid_t) uid, (gid_t) gid));
}

jint FN(PosixCalls, chmod)(JNIEnv *env, jobject self, jstring path, jint mode) {
    return WITH_PATH(env, path, chmod(p_, (mode_t) mode));
}

jint FN(PosixCalls, chroot)(JNIEnv *env, jobject self, jstring path) {
    return WITH_PATH(env, path, chroot(p_));
}

jint FN(PosixCalls, chdir)(JNIEnv *env, jobject self, jstring path) {
    return WITH_PATH(env, path, chdir(p_));
}

jint FN(PosixCalls, umask)(JNIEnv *env, jobject self, jint mask) {
    return (jint) umask((mode_t) mask);
}

jint FN(PosixCalls, setuid)(JNIEnv *env, jobject self, jint uid) {
    return KEEP(setuid((uid_t) uid));
}

jint FN(PosixCalls, setgid)(JNIEnv *env, jobject self, jint gid) {
    return KEEP(setgid((gid_t) gid));
}

jint FN(PosixCalls, setgroups)(JNIEnv *env, jobject self, jlong size, jintArray list) {
    if (size < 0 || size > (*env)->GetArrayLength(env, list) || size > 65536) {
        last_errno = EINVAL;
        return -1;
    }
    gid_t *groups = malloc(size > 0 ? (size_t) size * sizeof(gid_t) : 1);
    if (groups == NULL) {
        last_errno = ENOMEM;
        return -1;
    }
    (*env)->GetIntArrayRegion(env, list, 0, (jsize) size, (jint *) groups);
    int r = KEEP(setgroups((size_t) size, groups));
    free(groups);
    return r;
}

jstring FN(PosixCalls, strerror)(JNIEnv *env, jobject self, jint errnum) {
    char buf[256];
    return (*env)->NewStringUTF(env, strerror_r(errnum, buf, sizeof buf));
}

/* ---- AffinityCalls ---- */

jint FN(AffinityCalls, sched_1setaffinity)(JNIEnv *env, jobject self, jint tid, jlong size, jlongArray mask) {
    jsize words = (*env)->GetArrayLength(env, mask);
    if (size < 0 || size > (jlong) words * 8 || size > 1024) {
        last_errno = EINVAL;
        return -1;
    }
    jlong bits[128];
    (*env)->GetLongArrayRegion(env, mask, 0, (jsize) ((size + 7) / 8), bits);
    return KEEP(sched_setaffinity((pid_t) tid, (size_t) size, (cpu_set_t *) bits));
}
