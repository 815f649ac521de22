package io.waxwing.recovery.internal;

import io.waxwing.internal.codec.BinaryWriter;
import io.waxwing.internal.codec.BinaryReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The state of one recovery partition: the versions of every key routed to it, and the epochs
 * committed. Mutated in place by the partition's event handler only (one thread); what leaves the
 * partition is copied.
 */
final class PartitionState {

    /** One version of a key, newest first; {@code value == null} is a tombstone. */
    static final class Version {
        final long epoch;
        byte[] value;
        Version older;

        Version(long epoch, byte[] value, Version older) {
            this.epoch = epoch;
            this.value = value;
            this.older = older;
        }
    }

    private record StepKey(String step, String key) {
    }

    private int index = -1;
    private int count;
    private long gcHorizon;
    /** Committed epoch → wall-clock millis of the commit; only epochs at or after the GC horizon. */
    private final TreeMap<Long, Long> commits = new TreeMap<>();
    private final Map<String, HashMap<String, Version>> steps = new HashMap<>();
    /** Keys holding more than one version: the only ones garbage collection has to look at. */
    private final Set<StepKey> superseded = new HashSet<>();

    boolean initialized() {
        return index >= 0;
    }

    int index() {
        return index;
    }

    int count() {
        return count;
    }

    long gcHorizon() {
        return gcHorizon;
    }

    long lastCommit() {
        return commits.isEmpty() ? 0 : commits.lastKey();
    }

    /** The epochs this partition can resume from: committed, and not yet garbage collected. */
    NavigableMap<Long, Long> commits() {
        return new TreeMap<>(commits);
    }

    /**
     * The GC horizon when {@code epoch} commits at {@code nowMillis}: the newest epoch committed in
     * every partition ({@code safeEpoch} at most) whose commit is at least {@code keepMillis} old.
     * Never beyond {@code safeEpoch}: a crash while the commit of {@code epoch} is being recorded in
     * the partitions must leave them an epoch in common.
     */
    long horizonAt(long epoch, long nowMillis, long keepMillis, long safeEpoch) {
        long horizon = gcHorizon;
        if (keepMillis <= 0) {
            horizon = Math.max(horizon, epoch);
        } else {
            for (Map.Entry<Long, Long> c : commits.entrySet()) {
                if (nowMillis - c.getValue() >= keepMillis) {
                    horizon = Math.max(horizon, c.getKey());
                }
            }
        }
        return Math.max(gcHorizon, Math.min(horizon, safeEpoch));
    }

    boolean hasVersionsAfter(long epoch) {
        if (!commits.isEmpty() && commits.lastKey() > epoch) {
            return true;
        }
        for (HashMap<String, Version> keys : steps.values()) {
            for (Version v : keys.values()) {
                if (v.epoch > epoch) {
                    return true;
                }
            }
        }
        return false;
    }

    PartitionState apply(PartitionEvent event) {
        if (event instanceof PartitionEvent.Stored s) {
            for (int i = 0; i < s.keys().length; i++) {
                put(s.steps()[i], s.keys()[i], s.epoch(), s.values()[i]);
            }
        } else if (event instanceof PartitionEvent.Committed c) {
            commits.put(c.epoch(), c.atMillis());
            collect(c.gcHorizon());
        } else if (event instanceof PartitionEvent.Truncated t) {
            truncate(t.epoch());
        } else if (event instanceof PartitionEvent.Initialized init) {
            index = init.index();
            count = init.count();
        }
        return this;
    }

    private void put(String step, String key, long epoch, byte[] value) {
        HashMap<String, Version> keys = steps.computeIfAbsent(step, s -> new HashMap<>());
        Version head = keys.get(key);
        if (head == null) {
            keys.put(key, new Version(epoch, value, null));
            return;
        }
        if (epoch > head.epoch) {
            keys.put(key, new Version(epoch, value, head));
            superseded.add(new StepKey(step, key));
            return;
        }
        // An epoch written again (a resumed execution) or out of order: keep the list sorted.
        Version prev = null;
        Version v = head;
        while (v != null && v.epoch > epoch) {
            prev = v;
            v = v.older;
        }
        if (v != null && v.epoch == epoch) {
            v.value = value;
            return;
        }
        prev.older = new Version(epoch, value, v);
        superseded.add(new StepKey(step, key));
    }

    /** Drops every version superseded by a version at or before {@code horizon}. */
    private void collect(long horizon) {
        if (horizon <= gcHorizon) {
            return;
        }
        gcHorizon = horizon;
        commits.headMap(horizon, false).clear();
        Iterator<StepKey> it = superseded.iterator();
        while (it.hasNext()) {
            StepKey sk = it.next();
            HashMap<String, Version> keys = steps.get(sk.step());
            Version head = keys == null ? null : keys.get(sk.key());
            if (head == null) {
                it.remove();
                continue;
            }
            Version prev = null;
            Version v = head;
            while (v != null && v.epoch > horizon) {
                prev = v;
                v = v.older;
            }
            if (v == null) {
                continue;
            }
            v.older = null;
            if (v.value == null) {
                // A tombstone at or before the horizon: no resumable epoch sees anything older.
                if (prev == null) {
                    keys.remove(sk.key());
                } else {
                    prev.older = null;
                }
            }
            if (keys.isEmpty()) {
                steps.remove(sk.step());
            }
            Version remaining = keys.get(sk.key());
            if (remaining == null || remaining.older == null) {
                it.remove();
            }
        }
    }

    private void truncate(long epoch) {
        commits.tailMap(epoch, false).clear();
        Iterator<Map.Entry<String, HashMap<String, Version>>> stepIt = steps.entrySet().iterator();
        while (stepIt.hasNext()) {
            HashMap<String, Version> keys = stepIt.next().getValue();
            keys.entrySet().removeIf(e -> {
                Version v = e.getValue();
                while (v != null && v.epoch > epoch) {
                    v = v.older;
                }
                if (v == null) {
                    return true;
                }
                e.setValue(v);
                return false;
            });
            if (keys.isEmpty()) {
                stepIt.remove();
            }
        }
        superseded.removeIf(sk -> {
            HashMap<String, Version> keys = steps.get(sk.step());
            Version v = keys == null ? null : keys.get(sk.key());
            return v == null || v.older == null;
        });
    }

    /** The key/encoded-value pairs of {@code step} accepted by {@code filter}, as of {@code epoch}. */
    List<Object[]> load(String step, Predicate<String> filter, long epoch) {
        HashMap<String, Version> keys = steps.get(step);
        if (keys == null) {
            return List.of();
        }
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<String, Version> e : keys.entrySet()) {
            Version v = e.getValue();
            while (v != null && v.epoch > epoch) {
                v = v.older;
            }
            if (v != null && v.value != null && filter.test(e.getKey())) {
                out.add(new Object[] {e.getKey(), v.value});
            }
        }
        return out;
    }

    /** Counts of keys and versions held, for tests and diagnostics. */
    long[] sizes() {
        long keyCount = 0;
        long versions = 0;
        for (HashMap<String, Version> keys : steps.values()) {
            keyCount += keys.size();
            for (Version v : keys.values()) {
                for (Version x = v; x != null; x = x.older) {
                    versions++;
                }
            }
        }
        return new long[] {keyCount, versions};
    }

    PartitionImage toImage() {
        BinaryWriter out = new BinaryWriter(1024);
        out.writeByte(1);
        out.writeSignedVarLong(index);
        out.writeVarLong(count);
        out.writeVarLong(gcHorizon);
        out.writeVarLong(commits.size());
        for (Map.Entry<Long, Long> c : commits.entrySet()) {
            out.writeVarLong(c.getKey());
            out.writeVarLong(c.getValue());
        }
        out.writeVarLong(steps.size());
        for (Map.Entry<String, HashMap<String, Version>> s : steps.entrySet()) {
            out.writeString(s.getKey());
            out.writeVarLong(s.getValue().size());
            for (Map.Entry<String, Version> e : s.getValue().entrySet()) {
                out.writeString(e.getKey());
                int n = 0;
                for (Version v = e.getValue(); v != null; v = v.older) {
                    n++;
                }
                out.writeVarLong(n);
                for (Version v = e.getValue(); v != null; v = v.older) {
                    out.writeVarLong(v.epoch);
                    if (v.value == null) {
                        out.writeByte(0);
                    } else {
                        out.writeByte(1);
                        out.writeBytes(v.value);
                    }
                }
            }
        }
        return new PartitionImage(out.toByteArray());
    }

    static PartitionState fromImage(PartitionImage image) {
        BinaryReader in = new BinaryReader(image.bytes());
        int format = in.readByte();
        if (format != 1) {
            throw new IllegalArgumentException("unknown recovery partition image format " + format);
        }
        PartitionState s = new PartitionState();
        s.index = (int) in.readSignedVarLong();
        s.count = (int) in.readVarLong();
        s.gcHorizon = in.readVarLong();
        long commitCount = in.readVarLong();
        for (long i = 0; i < commitCount; i++) {
            s.commits.put(in.readVarLong(), in.readVarLong());
        }
        long stepCount = in.readVarLong();
        for (long i = 0; i < stepCount; i++) {
            String step = in.readString();
            int keyCount = (int) in.readVarLong();
            HashMap<String, Version> keys = new HashMap<>(Math.max(16, (int) (keyCount / 0.75f) + 1));
            for (int k = 0; k < keyCount; k++) {
                String key = in.readString();
                int n = (int) in.readVarLong();
                Version head = null;
                Version tail = null;
                for (int j = 0; j < n; j++) {
                    long epoch = in.readVarLong();
                    byte[] value = in.readByte() == 0 ? null : in.readBytes();
                    Version v = new Version(epoch, value, null);
                    if (head == null) {
                        head = v;
                    } else {
                        tail.older = v;
                    }
                    tail = v;
                }
                keys.put(key, head);
                if (n > 1) {
                    s.superseded.add(new StepKey(step, key));
                }
            }
            s.steps.put(step, keys);
        }
        return s;
    }
}
