/**
 * What a stateful step's logics can do for the engine before it calls them: read ahead what a call
 * will read first, so that the cache misses of a group of items' keys overlap. Internal; depends
 * only on the JDK, so that both the engine and the window operators can use it.
 */
package io.waxwing.internal.prefetch;
