package io.waxwing.internal.prefetch;

/**
 * A key's logic that can load, ahead of its call, what that call will read. The engine has the
 * logics of a group of items prefetch before it calls them: the cache misses of the group's keys
 * then overlap, where one call after the other would wait for them one by one. Worth it for a logic
 * whose state spans several cache lines and objects that are cold when many keys take turns.
 */
public interface PrefetchingLogic {
    /**
     * Reads what the next {@code onItem} and the engine's questions after it ({@code notifyAt})
     * read: a word on each cache line of this object, and each object it refers to that the call
     * reads (no change to anything). The result is derived from what was read, so that the reads
     * are not left out as unused; its value means nothing.
     */
    int prefetch();
}
