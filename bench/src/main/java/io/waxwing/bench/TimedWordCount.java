package io.waxwing.bench;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.StatelessSinkPartition;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * One run of the word count of {@link WordCountBenchmark} ({@code flatMap} split → {@code keyOn} →
 * {@code countFinal} into a {@link SummingSink}) that also records, with {@link System#nanoTime()},
 * when this process's workers read their first line and wrote their last count: the span between
 * the two is the run without cluster formation, actor-system start and shutdown. The timestamps
 * cost one clock read per source partition and one per output batch (a few hundred per run).
 *
 * <pre>{@code
 * TimedWordCount run = new TimedWordCount(lines, 16, 1024);
 * Execution.clusterMain(run.flow(), addresses, procId, null, null, 1);
 * long words = run.sum();
 * }</pre>
 */
final class TimedWordCount {
    private final List<String> lines;
    private final int slices;
    private final int batch;
    private final SummingSink<KV<Long>> counts = new SummingSink<>(KV::value);
    private final LongAccumulator firstRead = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator lastWrite = new LongAccumulator(Math::max, Long.MIN_VALUE);

    TimedWordCount(List<String> lines, int slices, int batch) {
        this.lines = lines;
        this.slices = slices;
        this.batch = batch;
    }

    /**
     * The dataflow, with the same step ids and shape as {@link WordCountBenchmark}'s; every process
     * of a cluster builds it over the same text.
     */
    Dataflow flow() {
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new FirstRead(new SlicedListSource<>(lines, slices, batch)))
                .flatMap("split", line -> Arrays.asList(line.split(" ")))
                .keyOn("key", word -> word)
                .countFinal("count")
                .output("counts", new LastWrite());
        return flow;
    }

    /** The sum of the counts this process's workers wrote: the words they counted. */
    long sum() {
        return counts.sum();
    }

    /** How many counts (distinct words) this process's workers wrote. */
    long items() {
        return counts.items();
    }

    /** When a worker of this process first read a batch of lines ({@code Long.MAX_VALUE}: never). */
    long firstReadNanos() {
        return firstRead.get();
    }

    /** When a worker of this process last wrote a batch of counts ({@code Long.MIN_VALUE}: never). */
    long lastWriteNanos() {
        return lastWrite.get();
    }

    /** The sliced text, stamping the first {@code nextBatch} call of each partition. */
    private final class FirstRead implements FixedPartitionedSource<String, Integer> {
        private final SlicedListSource<String> source;

        FirstRead(SlicedListSource<String> source) {
            this.source = source;
        }

        @Override
        public List<String> listParts() {
            return source.listParts();
        }

        @Override
        public StatefulSourcePartition<String, Integer> buildPart(String stepId, String forPart, Integer resumeState) {
            StatefulSourcePartition<String, Integer> part = source.buildPart(stepId, forPart, resumeState);
            return new StatefulSourcePartition<>() {
                private boolean read;

                @Override
                public List<String> nextBatch() {
                    if (!read) {
                        read = true;
                        firstRead.accumulate(System.nanoTime());
                    }
                    return part.nextBatch();
                }

                @Override
                public Integer snapshot() {
                    return part.snapshot();
                }
            };
        }
    }

    /** The summing sink, stamping every batch written. */
    private final class LastWrite implements DynamicSink<KV<Long>> {
        @Override
        public StatelessSinkPartition<KV<Long>> build(String stepId, int workerIndex, int workerCount) {
            StatelessSinkPartition<KV<Long>> part = counts.build(stepId, workerIndex, workerCount);
            return items -> {
                part.writeBatch(items);
                lastWrite.accumulate(System.nanoTime());
            };
        }
    }
}
