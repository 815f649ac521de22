package io.waxwing.windowing;

import io.waxwing.windowing.internal.SaturatingTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The logic of {@link SessionWindower} for one key. */
final class SessionWindowerLogic implements WindowerLogic<SessionWindower.State> {
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private final Duration gap;
    private long maxKey;
    private final TreeMap<Long, WindowMetadata> sessions;
    /**
     * Merges found by {@link #openFor} and not yet reported. The operator asks for them right after
     * opening, so they never outlive a callback and are not part of the snapshot.
     */
    private List<Merge> mergeQueue = new ArrayList<>();

    SessionWindowerLogic(Duration gap, SessionWindower.State resume) {
        this.gap = gap;
        this.maxKey = resume == null ? SessionWindower.LATE_SESSION_ID : resume.maxKey();
        this.sessions = resume == null ? new TreeMap<>() : new TreeMap<>(resume.sessions());
    }

    /** The open sessions by id, for tests. */
    Map<Long, WindowMetadata> sessions() {
        return sessions;
    }

    @Override
    public long[] openFor(Instant timestamp) {
        for (Map.Entry<Long, WindowMetadata> e : sessions.entrySet()) {
            long id = e.getKey();
            WindowMetadata meta = e.getValue();
            Duration untilOpen = Duration.between(timestamp, meta.openTime());
            Duration sinceClose = Duration.between(meta.closeTime(), timestamp);
            if (!isPositive(untilOpen) && !isPositive(sinceClose)) {
                // Within an existing session: no boundary moved, so nothing can merge.
                return new long[] {id};
            } else if (isPositive(untilOpen) && untilOpen.compareTo(gap) <= 0) {
                sessions.put(id, meta.withOpenTime(timestamp));
                findMerges();
                return new long[] {id};
            } else if (isPositive(sinceClose) && sinceClose.compareTo(gap) <= 0) {
                sessions.put(id, meta.withCloseTime(timestamp));
                findMerges();
                return new long[] {id};
            }
        }
        // Outside every session's gap: a new session, which cannot merge with any.
        maxKey++;
        sessions.put(maxKey, new WindowMetadata(timestamp, timestamp));
        return new long[] {maxKey};
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private void findMerges() {
        if (sessions.size() >= 2) {
            mergeQueue.addAll(findMerges(sessions, gap));
        }
    }

    /**
     * Merges every session that starts within {@code gap} of the end of an earlier one into that
     * earlier one, in place, and returns the merges in order.
     */
    static List<Merge> findMerges(Map<Long, WindowMetadata> sessions, Duration gap) {
        List<Map.Entry<Long, WindowMetadata>> byOpen = new ArrayList<>(new TreeMap<>(sessions).entrySet());
        byOpen.sort(Comparator.comparing(e -> e.getValue().openTime()));
        List<Merge> merges = new ArrayList<>();
        long lastId = byOpen.get(0).getKey();
        WindowMetadata last = byOpen.get(0).getValue();
        for (int i = 1; i < byOpen.size(); i++) {
            long thisId = byOpen.get(i).getKey();
            WindowMetadata meta = byOpen.get(i).getValue();
            if (Duration.between(last.closeTime(), meta.openTime()).compareTo(gap) <= 0) {
                Set<Long> ids = new HashSet<>(last.mergedIds());
                ids.add(thisId);
                ids.addAll(meta.mergedIds());
                Instant close = meta.closeTime().isAfter(last.closeTime()) ? meta.closeTime() : last.closeTime();
                last = new WindowMetadata(last.openTime(), close, ids);
                sessions.put(lastId, last);
                sessions.remove(thisId);
                merges.add(new Merge(thisId, lastId));
            } else {
                lastId = thisId;
                last = meta;
            }
        }
        return merges;
    }

    @Override
    public long[] lateFor(Instant timestamp) {
        return new long[] {SessionWindower.LATE_SESSION_ID};
    }

    @Override
    public List<Merge> merged() {
        if (mergeQueue.isEmpty()) {
            return List.of();
        }
        List<Merge> merged = mergeQueue;
        mergeQueue = new ArrayList<>();
        return merged;
    }

    @Override
    public List<Windowed<WindowMetadata>> closeFor(Instant watermark) {
        Instant closeBefore = SaturatingTime.minus(watermark, gap);
        List<Windowed<WindowMetadata>> closed = null;
        var it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, WindowMetadata> e = it.next();
            if (e.getValue().closeTime().isBefore(closeBefore)) {
                if (closed == null) {
                    closed = new ArrayList<>();
                }
                closed.add(new Windowed<>(e.getKey(), e.getValue()));
                it.remove();
            }
        }
        return closed == null ? List.of() : closed;
    }

    @Override
    public Instant notifyAt() {
        Instant minClose = null;
        for (WindowMetadata meta : sessions.values()) {
            if (minClose == null || meta.closeTime().isBefore(minClose)) {
                minClose = meta.closeTime();
            }
        }
        // A session closes once the watermark is strictly more than the gap past its end.
        return minClose == null ? null : SaturatingTime.plus(SaturatingTime.plus(minClose, gap), ONE_NANO);
    }

    @Override
    public boolean isEmpty() {
        // Never discard: a fresh logic would give out session ids again from 0.
        return false;
    }

    @Override
    public SessionWindower.State snapshot() {
        return new SessionWindower.State(maxKey, sessions);
    }
}
