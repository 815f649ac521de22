package io.waxwing.run;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.dataflow.KV;
import io.waxwing.inputs.FixedPartitionedSource;
import io.waxwing.inputs.StatefulSourcePartition;
import io.waxwing.outputs.DynamicSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One process of a multi-process test cluster: {@code ClusterProcessMain PROC_ID WORKERS ADDR...}.
 * Counts words of a generated text (8 partitions, so every worker reads some) and prints each
 * count this process's workers hold as {@code RESULT word count}.
 */
public final class ClusterProcessMain {
    private ClusterProcessMain() {
    }

    /** The generated text: partition {@code p}'s lines. */
    static List<String> lines(int part) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int x = part * 1000 + i;
            lines.add("w" + (x % 37) + " w" + (x % 11) + " shared");
        }
        return lines;
    }

    static Dataflow flow(String variant) {
        FixedPartitionedSource<String, Integer> text = new FixedPartitionedSource<>() {
            @Override
            public List<String> listParts() {
                List<String> parts = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    parts.add("part" + p);
                }
                return parts;
            }

            @Override
            public StatefulSourcePartition<String, Integer> buildPart(String stepId, String part, Integer resume) {
                List<String> lines = lines(Integer.parseInt(part.substring(4)));
                return new StatefulSourcePartition<>() {
                    private int next = resume == null ? 0 : resume;

                    @Override
                    public List<String> nextBatch() {
                        if (next >= lines.size()) {
                            return null;
                        }
                        List<String> batch = lines.subList(next, Math.min(lines.size(), next + 50));
                        next += batch.size();
                        return batch;
                    }

                    @Override
                    public Integer snapshot() {
                        return next;
                    }
                };
            }
        };
        DynamicSink<KV<Long>> print = (stepId, worker, count) -> batch -> {
            synchronized (System.out) {
                for (KV<Long> kv : batch) {
                    System.out.println("RESULT " + kv.key() + " " + kv.value());
                }
                System.out.flush();
            }
        };
        Dataflow flow = new Dataflow("cluster_wc");
        if (variant.equals("forever")) {
            // Never ends: every worker emits a tick every 10 ms until the process is stopped.
            flow.input("ticks", (io.waxwing.inputs.DynamicSource<Long>) (stepId, worker, count) ->
                            new io.waxwing.inputs.StatelessSourcePartition<>() {
                                private long n;
                                private java.time.Instant awake = java.time.Instant.now();

                                @Override
                                public List<Long> nextBatch() {
                                    awake = java.time.Instant.now().plusMillis(10);
                                    return List.of(n++);
                                }

                                @Override
                                public java.time.Instant nextAwake() {
                                    return awake;
                                }
                            })
                    .keyOn("key", x -> "k" + (x % 5))
                    .countFinal("count")
                    .output("out", print);
            return flow;
        }
        var words = flow.input("lines", text)
                .flatMap("split", (String line) -> Arrays.asList(line.split(" ")));
        if (variant.equals("different")) {
            words = words.filter("extra_step", w -> true);
        }
        words.keyOn("key", w -> w)
                .countFinal("count")
                .output("out", print);
        return flow;
    }

    public static void main(String[] args) {
        int procId = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        String variant = args[2];
        List<String> addresses = Arrays.asList(args).subList(3, args.length);
        long t0 = System.nanoTime();
        System.out.println("clusterMain called at " + java.time.LocalTime.now());
        try {
            Execution.clusterMain(flow(variant), addresses, procId, Duration.ofMillis(200), null, workers);
            System.out.println("clusterMain returned after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(1);
        }
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("DONE after " + uptime + " ms");
        System.exit(0);
    }
}
