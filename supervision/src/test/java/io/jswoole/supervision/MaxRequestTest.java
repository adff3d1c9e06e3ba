package io.jswoole.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The request limit of a worker: max_request plus up to half as much again, never negative. */
@Timeout(10)
class MaxRequestTest {

    @Test
    void zeroMeansNever() {
        assertEquals(Long.MAX_VALUE, MaxRequest.limit(0));
    }

    @Test
    void limitIsBetweenMaxRequestAndOneAndAHalfTimesIt() {
        for (int i = 0; i < 1000; i++) {
            long limit = MaxRequest.limit(1000);
            assertTrue(limit >= 1000 && limit <= 1500, "limit " + limit);
        }
        assertEquals(1, MaxRequest.limit(1));
    }

    @Test
    void theLargestMaxRequestDoesNotWrapToANegativeLimit() {
        for (int max : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1_500_000_000}) {
            for (int i = 0; i < 1000; i++) {
                long limit = MaxRequest.limit(max);
                assertTrue(limit >= max && limit <= max + (long) (max / 2), "max_request " + max + ": limit " + limit);
            }
        }
    }
}
