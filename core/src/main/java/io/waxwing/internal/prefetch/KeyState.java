package io.waxwing.internal.prefetch;

import java.time.Instant;

/**
 * What a stateful step keeps for one of its keys beside the key's logic: the key, when its logic
 * asked to be woken and when it is queued to be, whether it changed in the current epoch. The
 * step keeps these fields in an object of their own, or — when the key's logic is itself a
 * {@code KeyState} no other key has claimed — in the logic's own object: an item of a key then
 * reads one object where it read two, and with many keys taking turns each is a cache miss.
 *
 * <p>The fields are the step's alone: a logic that extends this class never reads or writes them.
 * They are public because the step is in another package, which may not be a subclass.
 *
 * <pre>{@code
 * final class MyLogic<V, W, S> extends KeyState implements StatefulLogic<V, W, S> { ... }
 * // in the step, for a new key:
 * KeyState state = logic instanceof KeyState own && own.claim(key, prefix, logic)
 *         ? own : new Plain(key, prefix, logic);
 * }</pre>
 */
public abstract class KeyState {
    /** The key, or {@code null} while no step has claimed this state. */
    public String key;
    /** The key's place among keys woken at the same instant (the step's wake queue works it out). */
    public long keyPrefix;
    /** The key's logic: this object itself when the logic carries its own state. */
    public Object logic;
    /** When the logic last asked to be notified, or {@code null}. */
    public Instant notifyAt;
    /**
     * {@link #notifyAt} in epoch nanoseconds (saturating), worked out when it changed: a logic that
     * returns the same instant again (made at one of its earlier items, long out of cache when keys
     * are many) is compared without reading it.
     */
    public long notifyNanos;
    /** The time of this key's live entry in the step's wake queue (that very object), or {@code null}. */
    public Instant queuedAt;
    /** {@link #queuedAt} in epoch nanoseconds (saturating), compared before the instant itself. */
    public long queuedNanos;
    /** Whether the key is in the step's set of keys changed in this epoch already. */
    public boolean changed;
    /** The key's state was discarded: its entries in the wake queue are stale. */
    public boolean removed;

    /**
     * Takes this state for {@code key} and its {@code logic}, with its place among keys woken at the
     * same instant; {@code false}, changing nothing, when some key has it already (a logic object a
     * builder returned twice, or again after its key was discarded): the step then keeps the key's
     * fields apart.
     */
    public final boolean claim(String key, long keyPrefix, Object logic) {
        if (this.key != null) {
            return false;
        }
        this.key = key;
        this.keyPrefix = keyPrefix;
        this.logic = logic;
        return true;
    }
}
