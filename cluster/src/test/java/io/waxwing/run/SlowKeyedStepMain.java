package io.waxwing.run;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.outputs.DynamicSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run in a JVM with a small heap by {@link LocalRuntimeTest}: a source on worker 0 produces items
 * far faster than a keyed step on the last worker can take them (every key routes there). Without
 * flow control the items pile up in that worker's mailbox and exhaust the heap (checked by hand
 * with {@code -Dwaxwing.engine.channel-credits=100000000}); with it the run completes. Prints the
 * per-key counts.
 */
public final class SlowKeyedStepMain {
    private SlowKeyedStepMain() {
    }

    public static void main(String[] args) {
        long total = Long.parseLong(args[0]);
        int workers = Integer.parseInt(args[1]);
        List<String> keys = new ArrayList<>();
        for (int k = 0; keys.size() < 100; k++) {
            if (KeyHash.route("k" + k, workers) == workers - 1) {
                keys.add("k" + k);
            }
        }
        FixedPartitionedSource<Long, Long> fast = new FixedPartitionedSource<>() {
            @Override
            public List<String> listParts() {
                return List.of("only");
            }

            @Override
            public StatefulSourcePartition<Long, Long> buildPart(String stepId, String part, Long resume) {
                return new StatefulSourcePartition<>() {
                    private long next;

                    @Override
                    public List<Long> nextBatch() {
                        if (next >= total) {
                            return null;
                        }
                        List<Long> batch = new ArrayList<>(4096);
                        for (int i = 0; i < 4096 && next < total; i++) {
                            batch.add(next++);
                        }
                        return batch;
                    }

                    @Override
                    public Long snapshot() {
                        return next;
                    }
                };
            }
        };
        Map<String, Long> counts = new ConcurrentHashMap<>();
        DynamicSink<KV<Long>> sink = (stepId, worker, count) -> batch -> {
            for (KV<Long> kv : batch) {
                counts.put(kv.key(), kv.value());
            }
        };
        Dataflow flow = new Dataflow("slow");
        flow.input("fast", fast)
                .keyOn("key", x -> keys.get((int) (x % keys.size())))
                .mapValue("payload", x -> new long[16])
                .stateful("slow_count", (Long resume) -> new io.waxwing.operators.StatefulLogic<long[], Long, Long>() {
                    private long n = resume == null ? 0 : resume;

                    @Override
                    public boolean onItem(long[] value, java.util.function.Consumer<? super Long> emit) {
                        // Deliberately slow: far slower than the source.
                        long until = System.nanoTime() + 100;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        n++;
                        return RETAIN;
                    }

                    @Override
                    public boolean onEof(java.util.function.Consumer<? super Long> emit) {
                        emit.accept(n);
                        return DISCARD;
                    }

                    @Override
                    public Long snapshot() {
                        return n;
                    }
                })
                .output("out", sink);
        Execution.clusterMain(flow, List.of(), 0, null, null, workers);
        System.out.println("counts " + new TreeMap<>(counts));
    }
}
