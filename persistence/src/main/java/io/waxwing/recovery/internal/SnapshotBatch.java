package io.waxwing.recovery.internal;

import io.waxwing.internal.codec.CodecException;
import io.waxwing.recovery.RecoveryException;
import io.waxwing.internal.codec.StateCodec;
import io.waxwing.internal.codec.BinaryWriter;
import io.waxwing.internal.codec.BinaryReader;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.engine.recovery.SnapshotEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * One worker's snapshots of one epoch, encoded and grouped by the recovery partition each key
 * routes to: what {@link PartitionedStore#write} journals, one event per partition. A batch can be
 * cut into chunks of bounded size to travel to the process that owns some of its partitions.
 */
public final class SnapshotBatch {
    private final long epoch;
    private final Map<Integer, PartitionEvent.Stored> byPartition;

    private SnapshotBatch(long epoch, Map<Integer, PartitionEvent.Stored> byPartition) {
        this.epoch = epoch;
        this.byPartition = Collections.unmodifiableMap(byPartition);
    }

    /** The partition a key of a step belongs to, for a store of {@code partitionCount} partitions. */
    public static int partitionOf(String stepId, String key, int partitionCount) {
        return KeyHash.route(stepId + "\u0000" + key, partitionCount);
    }

    /** Encodes {@code entries} (their states now, so that they may change afterwards) and routes them. */
    public static SnapshotBatch encode(long epoch, List<SnapshotEntry> entries, int partitionCount) {
        int size = entries.size();
        int[] route = new int[size];
        int[] counts = new int[partitionCount];
        byte[][] encoded = new byte[size][];
        for (int i = 0; i < size; i++) {
            SnapshotEntry e = entries.get(i);
            route[i] = partitionOf(e.stepId(), e.key(), partitionCount);
            counts[route[i]]++;
            try {
                encoded[i] = e.state() == null ? null : StateCodec.encode(e.state(), e.stepId());
            } catch (CodecException ex) {
                throw new RecoveryException(ex.getMessage(), ex);
            }
        }
        String[][] steps = new String[partitionCount][];
        String[][] keys = new String[partitionCount][];
        byte[][][] values = new byte[partitionCount][][];
        int[] fill = new int[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            steps[p] = new String[counts[p]];
            keys[p] = new String[counts[p]];
            values[p] = new byte[counts[p]][];
        }
        for (int i = 0; i < size; i++) {
            int p = route[i];
            int j = fill[p]++;
            SnapshotEntry e = entries.get(i);
            steps[p][j] = e.stepId();
            keys[p][j] = e.key();
            values[p][j] = encoded[i];
        }
        Map<Integer, PartitionEvent.Stored> out = new TreeMap<>();
        for (int p = 0; p < partitionCount; p++) {
            if (counts[p] > 0) {
                out.put(p, new PartitionEvent.Stored(epoch, steps[p], keys[p], values[p]));
            }
        }
        return new SnapshotBatch(epoch, out);
    }

    public long epoch() {
        return epoch;
    }

    public boolean isEmpty() {
        return byPartition.isEmpty();
    }

    /** How many entries (keys) this batch holds. */
    public int entryCount() {
        int n = 0;
        for (PartitionEvent.Stored s : byPartition.values()) {
            n += s.keys().length;
        }
        return n;
    }

    /** The partitions this batch writes to. */
    public List<Integer> partitions() {
        return List.copyOf(byPartition.keySet());
    }

    Map<Integer, PartitionEvent.Stored> byPartition() {
        return byPartition;
    }

    /** The part of this batch that goes to the partitions {@code keep} accepts. */
    public SnapshotBatch select(IntPredicate keep) {
        Map<Integer, PartitionEvent.Stored> out = new TreeMap<>();
        byPartition.forEach((p, s) -> {
            if (keep.test(p)) {
                out.put(p, s);
            }
        });
        return new SnapshotBatch(epoch, out);
    }

    /**
     * This batch in chunks of about {@code maxBytes} (a single larger entry makes a larger chunk);
     * {@link #fromChunk} reads each back as a batch of its own.
     */
    public List<byte[]> toChunks(int maxBytes) {
        List<byte[]> chunks = new ArrayList<>();
        Map<Integer, PartitionEvent.Stored> pending = new TreeMap<>();
        long pendingBytes = 0;
        for (Map.Entry<Integer, PartitionEvent.Stored> e : byPartition.entrySet()) {
            PartitionEvent.Stored s = e.getValue();
            int n = s.keys().length;
            int from = 0;
            for (int i = 0; i < n; i++) {
                long entry = 16L + s.steps()[i].length() + 3L * s.keys()[i].length()
                        + (s.values()[i] == null ? 0 : s.values()[i].length);
                if (pendingBytes + entry > maxBytes && (pendingBytes > 0 || i > from)) {
                    if (i > from) {
                        pending.put(e.getKey(), slice(s, from, i));
                        from = i;
                    }
                    chunks.add(chunk(pending));
                    pending.clear();
                    pendingBytes = 0;
                }
                pendingBytes += entry;
            }
            if (n > from) {
                pending.put(e.getKey(), slice(s, from, n));
            }
        }
        if (!pending.isEmpty()) {
            chunks.add(chunk(pending));
        }
        return chunks;
    }

    private static PartitionEvent.Stored slice(PartitionEvent.Stored s, int from, int to) {
        if (from == 0 && to == s.keys().length) {
            return s;
        }
        return new PartitionEvent.Stored(s.epoch(), java.util.Arrays.copyOfRange(s.steps(), from, to),
                java.util.Arrays.copyOfRange(s.keys(), from, to), java.util.Arrays.copyOfRange(s.values(), from, to));
    }

    private byte[] chunk(Map<Integer, PartitionEvent.Stored> parts) {
        BinaryWriter out = new BinaryWriter(1024);
        out.writeVarLong(epoch);
        out.writeVarLong(parts.size());
        parts.forEach((p, s) -> {
            out.writeVarLong(p);
            PartitionSerializer.writeStored(out, s);
        });
        return out.toByteArray();
    }

    /** Reads a chunk that {@link #toChunks} wrote. */
    public static SnapshotBatch fromChunk(byte[] chunk) {
        BinaryReader in = new BinaryReader(chunk);
        long epoch = in.readVarLong();
        int n = (int) in.readVarLong();
        Map<Integer, PartitionEvent.Stored> parts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int p = (int) in.readVarLong();
            parts.put(p, PartitionSerializer.readStored(in));
        }
        return new SnapshotBatch(epoch, parts);
    }
}
