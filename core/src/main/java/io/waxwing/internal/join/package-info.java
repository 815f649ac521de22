/** Join helpers shared by the join operators. Internal: not part of the public API. */
package io.waxwing.internal.join;
