/**
 * Recovery: where epoch snapshots are kept and how an execution resumes from them.
 */
package io.waxwing.recovery;
