package io.waxwing.internal.prefetch;

/**
 * A key's logic that can load, ahead of its call, what that call will read first. When a step's
 * logics say that this pays ({@link #worthPrefetching()}), the engine has the logics of a group of
 * items prefetch before it calls them: the cache misses of the group's keys then overlap, where one
 * call after the other would wait for them one by one.
 */
public interface PrefetchingLogic {
    /**
     * Whether this logic's calls read an object put aside long before (a value held back until the
     * watermark passes it), so that prefetching saves more than the extra pass over a group costs.
     */
    boolean worthPrefetching();

    /**
     * Reads the objects the next {@code onItem} reads first (no change to anything). The result
     * is derived from what was read, so that the reads are not left out as unused; its value
     * means nothing.
     */
    int prefetch();
}
