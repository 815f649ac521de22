package io.waxwing.windowing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The logic of {@link SlidingWindower} and {@link TumblingWindower} for one key. */
final class SlidingWindowerLogic implements WindowerLogic<SlidingWindower.State> {
    private final Duration length;
    private final Duration offset;
    private final Instant alignTo;
    /** By id, which is also by close time: window {@code n} closes at {@code alignTo + n * offset + length}. */
    private final TreeMap<Long, WindowMetadata> opened;

    SlidingWindowerLogic(Duration length, Duration offset, Instant alignTo, SlidingWindower.State resume) {
        this.length = length;
        this.offset = offset;
        this.alignTo = alignTo;
        this.opened = resume == null ? new TreeMap<>() : new TreeMap<>(resume.opened());
    }

    /** The ids of the windows {@code [open, close)} that contain {@code timestamp}, ascending. */
    long[] intersects(Instant timestamp) {
        Duration sinceOrigin = Duration.between(alignTo, timestamp);
        long first = SaturatingTime.floorDiv(sinceOrigin.minus(length), offset) + 1;
        long last = SaturatingTime.floorDiv(sinceOrigin, offset);
        long[] ids = new long[(int) (last - first + 1)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = first + i;
        }
        return ids;
    }

    private WindowMetadata metadataFor(long windowId) {
        Instant open = alignTo.plus(offset.multipliedBy(windowId));
        return new WindowMetadata(open, open.plus(length));
    }

    @Override
    public long[] openFor(Instant timestamp) {
        long[] ids = intersects(timestamp);
        for (long id : ids) {
            if (!opened.containsKey(id)) {
                opened.put(id, metadataFor(id));
            }
        }
        return ids;
    }

    @Override
    public long[] lateFor(Instant timestamp) {
        return intersects(timestamp);
    }

    @Override
    public List<Merge> merged() {
        return List.of();
    }

    @Override
    public List<Windowed<WindowMetadata>> closeFor(Instant watermark) {
        List<Windowed<WindowMetadata>> closed = null;
        while (!opened.isEmpty() && !opened.firstEntry().getValue().closeTime().isAfter(watermark)) {
            Map.Entry<Long, WindowMetadata> e = opened.pollFirstEntry();
            if (closed == null) {
                closed = new ArrayList<>();
            }
            closed.add(new Windowed<>(e.getKey(), e.getValue()));
        }
        return closed == null ? List.of() : closed;
    }

    @Override
    public Instant notifyAt() {
        return opened.isEmpty() ? null : opened.firstEntry().getValue().closeTime();
    }

    @Override
    public boolean isEmpty() {
        return opened.isEmpty();
    }

    @Override
    public SlidingWindower.State snapshot() {
        return new SlidingWindower.State(opened);
    }
}
