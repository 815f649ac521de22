package io.waxwing.recovery.internal;

import io.waxwing.engine.recovery.KeyFilter;
import io.waxwing.internal.codec.BinaryReader;
import io.waxwing.internal.codec.BinaryWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Serves the recovery partitions this process owns to the workers of the other processes: journals
 * the snapshot chunks they send and answers their state loads page by page, so that no message
 * exceeds what Artery carries in one frame. Never waits itself: journal writes and loads run on the
 * store's threads and their results are piped back to it.
 */
public final class PartitionServer extends AbstractBehavior<PartitionServer.Command> {

    /** The server's protocol. */
    public sealed interface Command extends RecoveryMessage {
    }

    /** Journals a chunk of worker {@code worker}'s snapshots ({@link SnapshotBatch#toChunks}). */
    public record Write(int worker, byte[] chunk, ActorRef<Written> replyTo) implements Command {
    }

    /** The chunk is durable ({@code error} is {@code null}), or why it is not. */
    public record Written(String error) implements RecoveryMessage {
    }

    /**
     * Asks for the state of {@code stepId}'s keys that the filter accepts, from entry {@code offset}
     * of the answer to {@code request}; the first page ({@code offset} 0) computes the answer.
     */
    public record LoadPage(String request, String stepId, Filter filter, int offset, int maxBytes,
            ActorRef<Page> replyTo) implements Command {
    }

    /**
     * A {@link KeyFilter} as data: {@code kind} is {@code all}, {@code worker} or {@code names}.
     */
    public record Filter(String kind, int worker, int workerCount, List<String> names) {
        static Filter of(KeyFilter filter) {
            if (filter instanceof KeyFilter.Routed r) {
                return new Filter("worker", r.worker(), r.workerCount(), List.of());
            } else if (filter instanceof KeyFilter.Named n) {
                return new Filter("names", 0, 0, List.copyOf(n.keys()));
            }
            return new Filter("all", 0, 0, List.of());
        }

        KeyFilter toKeyFilter() {
            return switch (kind) {
                case "worker" -> KeyFilter.ofWorker(worker, workerCount);
                case "names" -> KeyFilter.of(names);
                default -> KeyFilter.all();
            };
        }
    }

    /**
     * Entries {@code {key, encoded state}} as written by {@link #encodePage}; {@code next} is the
     * offset of the next page, -1 after the last one.
     */
    public record Page(byte[] entries, int next, String error) implements RecoveryMessage {
    }

    /** A chunk was journaled, or failed to be. */
    private record WriteDone(ActorRef<Written> replyTo, Throwable failure) implements Command {
    }

    /** The answer to a load's first page was computed, or failed to be. */
    private record Loaded(LoadPage request, List<Object[]> answer, Throwable failure) implements Command {
    }

    private final PartitionedStore share;
    private final Map<String, List<Object[]>> answers = new HashMap<>();

    public static Behavior<Command> create(PartitionedStore share) {
        return Behaviors.setup(ctx -> new PartitionServer(ctx, share));
    }

    private PartitionServer(ActorContext<Command> ctx, PartitionedStore share) {
        super(ctx);
        this.share = share;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Write.class, this::onWrite)
                .onMessage(LoadPage.class, this::onLoadPage)
                .onMessage(WriteDone.class, this::onWriteDone)
                .onMessage(Loaded.class, this::onLoaded)
                .build();
    }

    /** Journals the chunk off this actor's thread; answers once it is durable. */
    private Behavior<Command> onWrite(Write w) {
        CompletableFuture<Void> written;
        try {
            written = share.writeAsync(w.worker(), SnapshotBatch.fromChunk(w.chunk()));
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(written, (ok, failure) -> new WriteDone(w.replyTo(), failure));
        return this;
    }

    private Behavior<Command> onWriteDone(WriteDone d) {
        d.replyTo().tell(new Written(d.failure() == null ? null : String.valueOf(cause(d.failure()).getMessage())));
        return this;
    }

    /** The first page of an answer loads it off this actor's thread; the next pages come from memory. */
    private Behavior<Command> onLoadPage(LoadPage l) {
        List<Object[]> answer = answers.get(l.request());
        if (answer != null) {
            return reply(l, answer);
        }
        CompletableFuture<List<Object[]>> loading;
        try {
            loading = share.loadEncodedAsync(l.stepId(), l.filter().toKeyFilter());
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(loading, (loaded, failure) -> new Loaded(l, loaded, failure));
        return this;
    }

    private Behavior<Command> onLoaded(Loaded loaded) {
        LoadPage l = loaded.request();
        if (loaded.failure() != null) {
            l.replyTo().tell(new Page(new byte[0], -1, String.valueOf(cause(loaded.failure()).getMessage())));
            return this;
        }
        answers.put(l.request(), loaded.answer());
        return reply(l, loaded.answer());
    }

    private Behavior<Command> reply(LoadPage l, List<Object[]> answer) {
        int end = l.offset();
        long bytes = 0;
        while (end < answer.size() && (end == l.offset() || bytes < l.maxBytes())) {
            Object[] e = answer.get(end++);
            bytes += 8 + 3L * ((String) e[0]).length() + ((byte[]) e[1]).length;
        }
        byte[] page = encodePage(answer.subList(Math.min(l.offset(), answer.size()), end));
        int next = end < answer.size() ? end : -1;
        if (next < 0) {
            answers.remove(l.request());
        }
        l.replyTo().tell(new Page(page, next, null));
        return this;
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static byte[] encodePage(List<Object[]> entries) {
        BinaryWriter out = new BinaryWriter(1024);
        out.writeVarLong(entries.size());
        for (Object[] e : entries) {
            out.writeString((String) e[0]);
            out.writeBytes((byte[]) e[1]);
        }
        return out.toByteArray();
    }

    static List<Object[]> decodePage(byte[] page) {
        BinaryReader in = new BinaryReader(page);
        int n = (int) in.readVarLong();
        List<Object[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            out.add(new Object[] {key, in.readBytes()});
        }
        return out;
    }
}
