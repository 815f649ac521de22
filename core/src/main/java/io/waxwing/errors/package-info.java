/**
 * Exceptions Waxwing raises to its users. Depends on nothing else in Waxwing.
 */
package io.waxwing.errors;
