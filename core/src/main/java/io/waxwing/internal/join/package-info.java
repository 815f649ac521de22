/**
 * Join helpers shared by the join operators. Internal: not part of the public API. Depends only on
 * {@code io.waxwing.operators}.
 */
package io.waxwing.internal.join;
