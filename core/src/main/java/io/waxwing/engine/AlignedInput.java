package io.waxwing.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Where several channels meet — the ports of a merge, or the sending workers of an exchange — and
 * epochs are aligned: once a channel has passed the barrier of the open epoch, what it sends next
 * waits until every other channel has passed it too (or ended). Then the epoch closes here, the
 * barrier moves on and the waiting items follow. This is Flink's aligned barrier, on Bytewax's
 * epochs.
 *
 * <p>Each channel has a queue; a channel that is not blocked and has nothing queued passes items
 * straight through.
 */
final class AlignedInput {
    private static final Object FLUSH = new Object();

    private final Pipe next;
    private final EpochCell cell;
    private final List<ArrayDeque<Object>> queues;
    private final boolean[] blocked;
    private final boolean[] done;
    private final int[] consumedBatches;
    private int blockedCount;
    private int doneCount;
    private boolean ended;
    private boolean pumping;
    private EngineMetrics.BatchCounter itemsIn = EngineMetrics.BatchCounter.NONE;
    private EngineMetrics.DurationRecorder batchTime = EngineMetrics.DurationRecorder.NONE;

    AlignedInput(int channels, Pipe next, EpochCell cell) {
        this.next = next;
        this.cell = cell;
        this.queues = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            queues.add(new ArrayDeque<>());
        }
        this.blocked = new boolean[channels];
        this.done = new boolean[channels];
        this.consumedBatches = new int[channels];
    }

    /** Counts the items of each data batch taken from another worker (once per batch). */
    void countInto(EngineMetrics.BatchCounter counter, EngineMetrics.DurationRecorder batchDuration) {
        this.itemsIn = counter;
        this.batchTime = batchDuration;
    }

    /** The pipe an upstream in this worker pushes to for channel {@code ch}. */
    Pipe channelPipe(int ch) {
        return new Pipe() {
            @Override
            public void push(Object item) {
                if (!pumping && !blocked[ch] && queues.get(ch).isEmpty()) {
                    next.push(item);
                } else {
                    queues.get(ch).add(item);
                    pump(Integer.MAX_VALUE);
                }
            }

            @Override
            void flush() {
                if (!pumping && !blocked[ch] && queues.get(ch).isEmpty()) {
                    next.flush();
                } else {
                    queues.get(ch).add(FLUSH);
                    pump(Integer.MAX_VALUE);
                }
            }

            @Override
            void barrier(long epoch) {
                enqueue(ch, new Message.Barrier(epoch));
                pump(Integer.MAX_VALUE);
            }

            @Override
            void eof() {
                enqueue(ch, Message.END);
                pump(Integer.MAX_VALUE);
            }
        };
    }

    /** Queues a message that arrived from another worker; {@link #pump} processes it. */
    void enqueue(int ch, Message message) {
        queues.get(ch).add(message);
    }

    /**
     * Processes queued signals of unblocked channels, closing epochs as they align, until nothing
     * can move or {@code budget} data batches were handled.
     *
     * @return the number of data batches handled
     */
    int pump(int budget) {
        if (pumping) {
            return 0;
        }
        pumping = true;
        int handled = 0;
        try {
            boolean progress = true;
            while (progress && handled < budget) {
                progress = false;
                for (int ch = 0; ch < queues.size() && handled < budget; ch++) {
                    ArrayDeque<Object> q = queues.get(ch);
                    while (!blocked[ch] && !q.isEmpty() && handled < budget) {
                        Object s = q.poll();
                        progress = true;
                        if (s instanceof Message.Data data) {
                            itemsIn.add(data.items().size());
                            boolean timed = batchTime != EngineMetrics.DurationRecorder.NONE;
                            long t0 = timed ? System.nanoTime() : 0;
                            if (next instanceof FusedChain chain) {
                                chain.pushAll(data.items());
                            } else if (next instanceof StatefulNode node) {
                                node.pushAll(data.items());
                            } else {
                                for (Object item : data.items()) {
                                    next.push(item);
                                }
                            }
                            next.flush();
                            if (timed) {
                                batchTime.record(System.nanoTime() - t0);
                            }
                            consumedBatches[ch]++;
                            handled++;
                        } else if (s instanceof Message.Barrier b) {
                            if (b.epoch() != cell.epoch) {
                                throw new IllegalStateException("epoch barrier " + b.epoch() + " arrived while epoch "
                                        + cell.epoch + " is open on channel " + ch);
                            }
                            blocked[ch] = true;
                            blockedCount++;
                        } else if (s instanceof Message.End) {
                            done[ch] = true;
                            doneCount++;
                        } else if (s == FLUSH) {
                            next.flush();
                        } else {
                            next.push(s);
                        }
                    }
                }
                if (!ended && doneCount == queues.size()) {
                    ended = true;
                    next.eof();
                    progress = true;
                } else if (blockedCount > 0 && blockedCount + doneCount == queues.size()) {
                    next.barrier(cell.epoch);
                    cell.epoch++;
                    java.util.Arrays.fill(blocked, false);
                    blockedCount = 0;
                    progress = true;
                }
            }
        } finally {
            pumping = false;
        }
        return handled;
    }

    /** Whether an unblocked channel has something queued. */
    boolean hasWork() {
        for (int ch = 0; ch < queues.size(); ch++) {
            if (!blocked[ch] && !queues.get(ch).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Data batches consumed from channel {@code ch} since the last call; resets the count. */
    int takeConsumed(int ch) {
        int n = consumedBatches[ch];
        consumedBatches[ch] = 0;
        return n;
    }

    boolean ended() {
        return ended;
    }

    int channels() {
        return queues.size();
    }
}
