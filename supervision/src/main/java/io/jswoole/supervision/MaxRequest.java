package io.jswoole.supervision;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When a worker or task worker leaves to be replaced: after {@code max_request} (or
 * {@code task_max_request}) requests plus a random grace of up to half as many, so that workers
 * started together do not all restart at the same moment (Swoole's {@code max_request_grace},
 * which defaults to {@code max_request / 2}).
 */
public final class MaxRequest {
    private MaxRequest() {
    }

    /**
     * The number of requests after which this process leaves; {@link Long#MAX_VALUE} when
     * {@code maxRequest} is 0 (never). Computed in long: {@code Integer.MAX_VALUE} plus its grace
     * does not wrap to a negative limit.
     */
    public static long limit(int maxRequest) {
        if (maxRequest <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) maxRequest + ThreadLocalRandom.current().nextInt(maxRequest / 2 + 1);
    }
}
