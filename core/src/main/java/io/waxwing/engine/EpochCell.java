package io.waxwing.engine;

/**
 * The epoch of the items flowing through a part of the plan: owned by the node that starts that
 * part (the input driver or an aligning node), read by the steps after it.
 */
final class EpochCell {
    long epoch;

    EpochCell(long epoch) {
        this.epoch = epoch;
    }
}
