package io.waxwing.run.internal;

import io.waxwing.dataflow.Dataflow;
import io.waxwing.internal.graph.GraphAccess;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What every process of a cluster must agree on before data flows: the dataflow's steps (ids,
 * kinds, how they connect) and the worker count, as a digest and as a short description for error
 * messages.
 */
public record DataflowFingerprint(String digest, String description) implements ClusterMessage {

    public static DataflowFingerprint of(Dataflow flow, int workersPerProcess) {
        List<Step> steps = GraphAccess.of(flow).steps();
        Map<Step, Integer> index = new HashMap<>();
        StringBuilder text = new StringBuilder();
        for (Step s : steps) {
            index.put(s, index.size());
            text.append(s.getClass().getSimpleName()).append(' ').append(s.id()).append(" <-");
            for (Port p : s.inputs()) {
                text.append(' ').append(index.get(p.step())).append(':').append(p.index());
            }
            text.append('\n');
        }
        text.append("workers per process ").append(workersPerProcess).append('\n');
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return new DataflowFingerprint(HexFormat.of().formatHex(sha, 0, 8),
                    "dataflow '" + flow.flowId() + "' with " + steps.size() + " steps, " + workersPerProcess
                            + " workers per process");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
