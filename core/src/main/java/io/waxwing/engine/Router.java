package io.waxwing.engine;

/** Picks the worker an item goes to at an exchange point. */
@FunctionalInterface
interface Router {
    int route(Object item);
}
