/**
 * What a stateful step's logics can do for the engine so that a key's call waits on fewer cache
 * misses: read ahead what a call will read first, so that the misses of a group of items' keys
 * overlap ({@link io.waxwing.internal.prefetch.PrefetchingLogic}), and carry the step's bookkeeping
 * of their key in their own object ({@link io.waxwing.internal.prefetch.KeyState}). Internal; depends
 * only on the JDK, so that both the engine and the window operators can use it.
 */
package io.waxwing.internal.prefetch;
