#!/usr/bin/env bash
# Builds the sample from its coordinates alone, from the local repository REPO (where jswoole was
# installed), then runs it twice, as a runnable jar and as a jlink image on the module path: each
# time it talks to the server over a socket (an echo and a task), stops it with SIGTERM and checks
# that none of its processes is left. Then the same with the starter's nio reactor left out and the
# chronicle pipe added (profile chronicle-no-nio), in process mode with buffer_input=true: the
# application module still resolves without the provider it does not have, and finds the one added.
#
#   samples/hello-server/test.sh REPO
set -euo pipefail

repo=${1:?usage: test.sh LOCAL_REPOSITORY}
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
server_pid=
server_tree=()

say() { printf 'hello-server test: %s\n' "$*"; }
fail() {
    say "FAILED: $*" >&2
    if [[ -n $server_pid ]] && ! kill -0 "$server_pid" 2>/dev/null; then
        local status=0
        wait "$server_pid" || status=$?
        say "the server (pid $server_pid) has exited with status $status" >&2
    fi
    exit 1
}

# The server process and its descendants, as far as they exist now.
tree() {
    local pids=("$1") i=0 child
    while (( i < ${#pids[@]} )); do
        for child in $(ps -o pid= --ppid "${pids[i]}" 2>/dev/null); do
            pids+=("$child")
        done
        i=$((i + 1))
    done
    printf '%s\n' "${pids[@]}"
}

alive() {
    local pid
    for pid in "$@"; do
        if kill -0 "$pid" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]]; then
            return 0
        fi
    done
    return 1
}

cleanup() {
    if [[ -n $server_pid ]]; then
        mapfile -t server_tree < <(tree "$server_pid")
        kill -9 "${server_tree[@]}" 2>/dev/null || true
    fi
}
trap cleanup EXIT

free_port() {
    local port
    for port in $(shuf -i 20000-32000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    fail "no free port"
}

# Sends one line and prints the line that comes back (5 s at most; nothing if none).
ask() {
    local port=$1 line=$2 reply
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 0
    printf '%s\n' "$line" >&3
    IFS= read -r -t 5 reply <&3 || reply="(no reply)"
    exec 3>&-
    printf '%s' "$reply"
}

# Runs the server command (then the port, then server_args) until it answers, checks an echo and a
# task, stops it with SIGTERM.
server_args=()
check() {
    local what=$1 port=$2 deadline started
    shift 2
    started=$(date +%s%N)
    "$@" "$port" "${server_args[@]}" > "$here/target/$what.log" 2>&1 &
    server_pid=$!
    # Ready when it answers: in base mode the port is bound by each worker once it has started.
    deadline=$((SECONDS + 60))
    until [[ $(ask "$port" hello 2>/dev/null) == hello ]]; do
        alive "$server_pid" || { cat "$here/target/$what.log" >&2; fail "$what exited before it answered"; }
        (( SECONDS < deadline )) || fail "$what did not echo 'hello' on port $port within 60 s"
        sleep 0.1
    done
    say "$what answers after $(( ($(date +%s%N) - started) / 1000000 )) ms"
    local reply
    for _ in 1 2 3 4 5 6 7 8 9 10; do   # the task worker may still be starting
        reply=$(ask "$port" "task world")
        [[ $reply == WORLD ]] && break
        sleep 0.5
    done
    [[ $reply == WORLD ]] || fail "$what: the task came back as '$reply', not 'WORLD'"
    mapfile -t server_tree < <(tree "$server_pid")
    (( ${#server_tree[@]} >= 4 )) || fail "$what: ${#server_tree[@]} processes, expected a master, a manager and workers"
    kill -TERM "$server_pid"
    deadline=$((SECONDS + 30))
    while alive "${server_tree[@]}"; do
        (( SECONDS < deadline )) || fail "$what: processes left 30 s after SIGTERM: $(tree "$server_pid" | tr '\n' ' ')"
        sleep 0.1
    done
    wait "$server_pid" || true
    server_pid=
    say "$what: echo and task answered, ${#server_tree[@]} processes stopped by SIGTERM"
}

build() {
    say "building from the coordinates in $repo${1:+ (-P$1)}"
    if ! mvn -B -q -Dmaven.repo.local="$repo" clean package -Pimage${1:+,$1} > build.log 2>&1; then
        cat build.log >&2
        fail "the sample did not build${1:+ with -P$1}"
    fi
    rm -f build.log
}

cd "$here"
build
check "runnable jar" "$(free_port)" "$java" -jar target/hello-server.jar
check "jlink image" "$(free_port)" target/image/bin/hello-server

# Without jswoole-reactor-nio, with jswoole-ipc-chronicle, in process mode with buffer_input=true,
# which puts the links between the master and the workers on Chronicle queues (a server without the
# chronicle pipe, or without the options it needs, refuses to start): the reactor is epoll.
build chronicle-no-nio
! compgen -G 'target/lib/jswoole-reactor-nio-*.jar' >/dev/null || fail "-Pchronicle-no-nio kept jswoole-reactor-nio"
compgen -G 'target/lib/jswoole-ipc-chronicle-*.jar' >/dev/null || fail "-Pchronicle-no-nio has no jswoole-ipc-chronicle"
server_args=(mode=process buffer_input=true)
opens() { printf -- '--add-opens=java.base/java.lang.reflect=%s --add-exports=java.base/sun.nio.ch=%s --add-exports=java.base/jdk.internal.ref=%s' "$1" "$1" "$1"; }
# shellcheck disable=SC2046 # the options are words
check "runnable jar, chronicle, no nio" "$(free_port)" "$java" $(opens ALL-UNNAMED) -jar target/hello-server.jar
JAVA_OPTS=$(opens chronicle.core) check "jlink image, chronicle, no nio" "$(free_port)" target/image/bin/hello-server
for what in "runnable jar, chronicle, no nio" "jlink image, chronicle, no nio"; do
    grep -q 'process mode, .* reactor epoll$' "target/$what.log" || { cat "target/$what.log" >&2; fail "$what: not process mode on epoll"; }
done
