package io.waxwing.engine;

import io.waxwing.engine.recovery.RecoveryStore;
import io.waxwing.dataflow.KV;
import io.waxwing.dataflow.KeyHash;
import io.waxwing.inputs.AbortExecution;
import io.waxwing.internal.graph.FilterOp;
import io.waxwing.internal.graph.ItemOp;
import io.waxwing.internal.graph.MapOp;
import io.waxwing.internal.graph.OpContext;
import io.waxwing.internal.graph.Port;
import io.waxwing.internal.graph.Step;
import io.waxwing.outputs.DynamicSink;
import io.waxwing.outputs.FixedPartitionedSink;
import io.waxwing.outputs.ItemSinkPartition;
import io.waxwing.outputs.StatelessSinkPartition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's share of an execution: the dataflow compiled into this worker's physical plan, run
 * in bounded {@link #activate() activations} by whatever drives it (the {@code runMain} loop or a
 * worker actor). Single-threaded: every method must be called from the driver's thread, messages
 * from other workers included ({@link #deliver}).
 *
 * <p>Per activation it processes what other workers sent (downstream exchanges first, and only
 * while their own downstream has credit), wakes stateful keys whose time has come, reads each awake
 * input partition once if every exchange has credit, closes the epoch when its interval has passed,
 * sends the partial batches, and stores the epochs every node of the worker has closed.
 */
public final class WorkerEngine implements AutoCloseable {
    private final int worker;
    private final int workerCount;
    private final Exchange exchange;
    private final EngineConfig config;
    private final EpochTracker tracker;
    private final EpochCell inputCell;
    private final List<SourceNode> sources = new ArrayList<>();
    private final List<StatefulNode> statefuls = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<ExchangeOut> outs = new ArrayList<>();
    private final List<AlignedInput> ins = new ArrayList<>();
    private final List<AlignedInput> merges = new ArrayList<>();
    private final List<String> exchangeSteps = new ArrayList<>();
    /** While compiling: the position of each per-item pipe built so far in its fused chain. */
    private final Map<Pipe, Integer> positions = new IdentityHashMap<>();
    private long epoch;
    private Instant epochStart;
    private Instant nextWake;
    private boolean done;
    /** Inputs are no longer read ({@link #stopInputs}): the execution is stopping. */
    private boolean inputsStopped;
    private final EngineMetrics.DurationRecorder creditWait;
    /** Since when the inputs have not been read for lack of credit, or {@code null}. */
    private Instant creditBlockedSince;

    /**
     * Compiles {@code plan} for worker {@code worker} of {@code workerCount}, loading this worker's
     * share of the state committed in {@code store}.
     *
     * @param startEpoch the first epoch of this execution: the store's committed epoch plus one
     */
    public WorkerEngine(DataflowPlan plan, int worker, int workerCount, Exchange exchange, RecoveryStore store,
            long startEpoch, EngineConfig config) {
        if (worker < 0 || worker >= workerCount) {
            throw new IllegalArgumentException("worker " + worker + " is not in [0, " + workerCount + ")");
        }
        this.worker = worker;
        this.workerCount = workerCount;
        this.exchange = exchange;
        this.config = config;
        this.epoch = startEpoch;
        this.tracker = new EpochTracker(worker, store, startEpoch);
        tracker.reportTo(config.metrics());
        this.creditWait = config.metrics().creditWait(worker);
        this.inputCell = new EpochCell(startEpoch);
        try {
            compile(plan.steps(), store, startEpoch);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.epochStart = config.clock().instant();
        config.metrics().workerStarted(worker, startEpoch);
    }

    /** Builds the physical plan, last step first, so that every node gets its downstream pipes. */
    private void compile(List<Step> steps, RecoveryStore store, long startEpoch) {
        Map<Step, List<List<Pipe>>> consumers = new HashMap<>();
        Map<Step, EpochCell> cells = new HashMap<>();
        Map<Step, Integer> exchangeIds = new HashMap<>();
        for (Step s : steps) {
            List<List<Pipe>> lists = new ArrayList<>();
            for (int i = 0; i < s.outputCount(); i++) {
                lists.add(new ArrayList<>());
            }
            consumers.put(s, lists);
            boolean aligns = s instanceof Step.Merge || s instanceof Step.Redistribute || s instanceof Step.Stateful
                    || (s instanceof Step.Output o && o.sink() instanceof FixedPartitionedSink<?, ?>);
            if (s instanceof Step.Input) {
                cells.put(s, inputCell);
            } else if (aligns) {
                cells.put(s, new EpochCell(startEpoch));
            } else {
                cells.put(s, cells.get(s.inputs().get(0).step()));
            }
            if (aligns && !(s instanceof Step.Merge)) {
                exchangeIds.put(s, exchangeIds.size());
            }
        }
        for (int i = 0; i < exchangeIds.size(); i++) {
            outs.add(null);
            ins.add(null);
            exchangeSteps.add(null);
        }
        exchangeIds.forEach((step, id) -> exchangeSteps.set(id, step.id()));
        // Consumers are registered in step order per port; building backwards, prepend to keep it.
        Map<Step, Pipe[]> entries = new HashMap<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            List<List<Pipe>> downstream = consumers.get(s);
            EpochCell cell = cells.get(s);
            Pipe[] entry = build(s, downstream, cell, exchangeIds.get(s), store);
            entries.put(s, entry);
            List<Port> inputs = s.inputs();
            for (int j = 0; j < inputs.size(); j++) {
                Port p = inputs.get(j);
                consumers.get(p.step()).get(p.index()).add(0, entry[j]);
            }
        }
        positions.clear();
        if (!ins.isEmpty()) {
            // What a slice of a large source batch sent to this worker's own exchange points is
            // processed before the next slice, while it is still in the cache.
            for (SourceNode src : sources) {
                src.betweenSlices(this::pumpInputs);
            }
        }
    }

    /** How far {@code pipe} is from the end of its fused chain: 0 for the end itself, see {@link PipeCopies}. */
    private int position(Pipe pipe) {
        return positions.getOrDefault(pipe, 0);
    }

    private static Pipe join(List<Pipe> consumers) {
        List<Pipe> pipes = consumers.contains(Pipe.DISCARD)
                ? consumers.stream().filter(p -> p != Pipe.DISCARD).toList() : consumers;
        return switch (pipes.size()) {
            case 0 -> Pipe.DISCARD;
            case 1 -> pipes.get(0);
            default -> new TeePipe(pipes.toArray(new Pipe[0]));
        };
    }

    @SuppressWarnings("unchecked")
    private Pipe[] build(Step s, List<List<Pipe>> downstream, EpochCell cell, Integer exchangeId, RecoveryStore store) {
        Pipe out = downstream.isEmpty() ? null : join(downstream.get(0));
        if (s instanceof Step.Input in) {
            SourceNode node = new SourceNode(in.id(), in.source(), out, worker, workerCount, tracker, store);
            node.countInto(config.metrics().itemsOut(in.id(), worker),
                    config.metrics().batchDuration(EngineMetrics.Timed.INPUT_NEXT_BATCH, in.id(), worker));
            sources.add(0, node);
            closeables.add(node);
            return new Pipe[0];
        } else if (s instanceof Step.Transform t) {
            ItemOp op = t.factory().create(context(cell));
            if (out == Pipe.DISCARD && op instanceof ItemOp.Pure) {
                // Nothing reads what it emits and emitting is all it does (a window's unread meta
                // stream): skip it.
                return new Pipe[] {Pipe.DISCARD};
            }
            int position = position(out) + 1;
            Pipe pipe;
            if (op instanceof MapOp m) {
                pipe = FusedChain.map(t.id(), m.fn(), out);
            } else if (op instanceof FilterOp f) {
                pipe = FusedChain.filter(t.id(), f.predicate(), out);
            } else {
                pipe = PipeCopies.transform(position, t.id(), op, out);
            }
            positions.put(pipe, position);
            return new Pipe[] {pipe};
        } else if (s instanceof Step.Batch b) {
            return new Pipe[] {new BatchPipe(b.id(), b.op(), out)};
        } else if (s instanceof Step.Branch b) {
            Pipe falses = join(downstream.get(1));
            BranchPipe pipe = new BranchPipe(b.id(), b.predicate(), out, falses);
            positions.put(pipe, Math.max(position(out), position(falses)) + 1);
            return new Pipe[] {pipe};
        } else if (s instanceof Step.Merge m) {
            AlignedInput aligner = new AlignedInput(m.inputs().size(), out, cell);
            merges.add(aligner);
            Pipe[] entry = new Pipe[m.inputs().size()];
            for (int j = 0; j < entry.length; j++) {
                entry[j] = aligner.channelPipe(j);
            }
            return entry;
        } else if (s instanceof Step.Redistribute r) {
            int[] nextDest = {worker};
            return exchangePoint(r.id(), exchangeId, out, cell, item -> {
                int d = nextDest[0];
                nextDest[0] = d + 1 == workerCount ? 0 : d + 1;
                return d;
            });
        } else if (s instanceof Step.Stateful st) {
            StatefulNode node = new StatefulNode(st.id(), st.factory(), out, tracker, cell, store, worker, workerCount,
                    config.clock());
            statefuls.add(node);
            // One worker owns every key: no key needs hashing (route(key, 1) is 0 for every key).
            Router byKey = workerCount == 1
                    ? item -> {
                        if (item instanceof KV<?>) {
                            return 0;
                        }
                        throw StatefulNode.notKeyed(st.id(), item);
                    }
                    : item -> {
                        if (item instanceof KV<?> kv) {
                            return KeyHash.route(kv.key(), workerCount);
                        }
                        throw StatefulNode.notKeyed(st.id(), item);
                    };
            return exchangePoint(st.id(), exchangeId, node, cell, byKey);
        } else if (s instanceof Step.Output o) {
            if (o.sink() instanceof DynamicSink<?> dyn) {
                StatelessSinkPartition<Object> partition;
                try {
                    partition = ((DynamicSink<Object>) dyn).build(o.id(), worker, workerCount);
                } catch (Throwable t) {
                    throw StepFailure.of(o.id(), t);
                }
                if (partition instanceof ItemSinkPartition<Object> items) {
                    ItemSinkNode node = new ItemSinkNode(o.id(), items);
                    node.countInto(config.metrics().itemsIn(o.id(), worker));
                    closeables.add(node);
                    return new Pipe[] {node};
                }
                DynamicSinkNode node = new DynamicSinkNode(o.id(), partition);
                node.countInto(config.metrics().itemsIn(o.id(), worker),
                        config.metrics().batchDuration(EngineMetrics.Timed.SINK_WRITE_BATCH, o.id(), worker));
                closeables.add(node);
                return new Pipe[] {node};
            }
            FixedPartitionedSink<Object, Object> sink = (FixedPartitionedSink<Object, Object>) o.sink();
            List<String> names;
            try {
                names = List.copyOf(sink.listParts());
            } catch (Throwable t) {
                throw StepFailure.of(o.id(), t);
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("sink of step " + o.id() + " lists no partitions");
            }
            FixedSinkNode node = new FixedSinkNode(o.id(), sink, names, worker, workerCount, tracker, cell, store);
            closeables.add(node);
            int partCount = names.size();
            return exchangePoint(o.id(), exchangeId, node, cell,
                    item -> FixedSinkNode.route(sink, o.id(), partCount, item, workerCount));
        }
        throw new IllegalStateException("unknown step kind " + s);
    }

    private Pipe[] exchangePoint(String stepId, int exchangeId, Pipe receiver, EpochCell cell, Router router) {
        AlignedInput in = new AlignedInput(workerCount, receiver, cell);
        in.countInto(config.metrics().itemsIn(stepId, worker), receiver instanceof StatefulNode
                ? config.metrics().batchDuration(EngineMetrics.Timed.STATEFUL_BATCH, stepId, worker)
                : EngineMetrics.DurationRecorder.NONE);
        ExchangeOut out = new ExchangeOut(exchangeId, worker, workerCount, exchange, router,
                config.exchangeBatchSize(), config.channelCredits());
        ins.set(exchangeId, in);
        outs.set(exchangeId, out);
        return new Pipe[] {out};
    }

    private OpContext context(EpochCell cell) {
        return new OpContext() {
            @Override
            public int workerIndex() {
                return worker;
            }

            @Override
            public int workerCount() {
                return workerCount;
            }

            @Override
            public long epoch() {
                return cell.epoch;
            }
        };
    }

    /** Takes a message another worker (or this one) sent; processed by the next activation. */
    public void deliver(Envelope envelope) {
        if (envelope.message() instanceof Message.Ack ack) {
            outs.get(envelope.exchange()).ack(envelope.fromWorker(), ack.batches());
        } else {
            ins.get(envelope.exchange()).enqueue(envelope.fromWorker(), envelope.message());
        }
    }

    /**
     * Does a bounded slice of work.
     *
     * @throws io.waxwing.errors.WaxwingRuntimeException when user code failed
     * @throws io.waxwing.inputs.AbortExecution when a source aborted the execution
     */
    public Activation activate() {
        if (done) {
            return Activation.DONE;
        }
        Instant now = config.clock().instant();
        // Wakes that were due before this activation's data arrived fire first; a wake asked for
        // by that data fires at the end of its batch (StatefulNode.flush).
        for (StatefulNode node : statefuls) {
            node.tick(now);
        }
        boolean creditDownstream = pumpInputs();
        for (int x = 0; x < ins.size(); x++) {
            AlignedInput in = ins.get(x);
            for (int from = 0; from < workerCount; from++) {
                int n = in.takeConsumed(from);
                if (n > 0) {
                    exchange.send(from, new Envelope(x, worker, new Message.Ack(n)));
                }
            }
        }
        if (creditDownstream == (creditBlockedSince != null)) {
            if (creditDownstream) {
                creditWait.record(Duration.between(creditBlockedSince, now).toNanos());
                creditBlockedSince = null;
            } else {
                creditBlockedSince = now;
            }
        }
        int emitted = 0;
        if (creditDownstream && !inputsStopped) {
            try {
                for (SourceNode src : sources) {
                    emitted += src.poll(now);
                }
            } catch (AbortExecution abort) {
                // The open epoch is never closed; what is in flight still is (see stopInputs).
                inputsStopped = true;
                throw abort;
            }
        }
        boolean inputsAlive = false;
        for (SourceNode src : sources) {
            // Also once stopped: a source with no partition left (or none at all) has nothing to stop.
            src.endIfExhausted(epoch);
            inputsAlive |= !src.ended();
        }
        Duration interval = config.epochInterval();
        if (inputsAlive && !inputsStopped
                && (interval.isZero() ? emitted > 0 : !now.isBefore(epochStart.plus(interval)))) {
            for (SourceNode src : sources) {
                src.barrier(epoch);
            }
            epoch++;
            inputCell.epoch = epoch;
            config.metrics().epochOpened(worker, epoch);
            epochStart = now;
        }
        for (ExchangeOut out : outs) {
            out.sendBuffered();
        }
        tracker.storeComplete();
        return status(now, inputsAlive);
    }

    /**
     * Processes what reached the exchange points, up to the activation budget in data batches, the
     * last exchange point first; an exchange point is pumped only while every one after it has
     * credit.
     *
     * @return whether every exchange point's channels have credit
     */
    private boolean pumpInputs() {
        int budget = config.activationBudget();
        boolean creditDownstream = true;
        for (int x = ins.size() - 1; x >= 0; x--) {
            if (creditDownstream && budget > 0) {
                budget -= ins.get(x).pump(budget);
            }
            creditDownstream &= outs.get(x).hasCredit();
        }
        return creditDownstream;
    }

    /**
     * Stops reading this worker's inputs, for an execution that stops (an abort, a stop request):
     * the open epoch is never closed and no input ends, but later activations still process what is
     * in flight, close the epochs every input closed before (once their barriers arrive from every
     * worker) and store them. Called by itself when a source aborts.
     */
    public void stopInputs() {
        inputsStopped = true;
    }

    /**
     * The last epoch this worker's inputs closed: the execution's stopped state is complete once
     * every worker has stored the smallest of these. {@link Long#MAX_VALUE} when every input of
     * this worker has ended or has no partition left (their end, not their last epoch, is what the
     * others wait for).
     */
    public long inputsClosedEpoch() {
        for (SourceNode src : sources) {
            if (!src.exhausted()) {
                return epoch - 1;
            }
        }
        return Long.MAX_VALUE;
    }

    private Activation status(Instant now, boolean inputsAlive) {
        boolean allEnded = !inputsAlive;
        boolean credit = true;
        for (int x = ins.size() - 1; x >= 0; x--) {
            AlignedInput in = ins.get(x);
            allEnded &= in.ended();
            if (credit && in.hasWork()) {
                return Activation.READY;
            }
            credit &= outs.get(x).hasCredit();
        }
        for (AlignedInput m : merges) {
            allEnded &= m.ended();
        }
        if (allEnded && tracker.finished()) {
            done = true;
            return Activation.DONE;
        }
        Instant wake = null;
        if (credit && !inputsStopped) {
            for (SourceNode src : sources) {
                if (src.ready(now)) {
                    return Activation.READY;
                }
                wake = earliest(wake, src.nextAwake());
            }
        }
        // Else no input is read before credit returns, and credit returns as a message from the
        // worker that is behind (Message.Ack), which activates this one: a source's wake time would
        // only make the driver poll (at once, for a partition that is due) until then.
        if (inputsAlive && !inputsStopped && !config.epochInterval().isZero()) {
            wake = earliest(wake, epochStart.plus(config.epochInterval()));
        }
        for (StatefulNode node : statefuls) {
            wake = earliest(wake, node.nextWake());
        }
        nextWake = wake;
        return Activation.IDLE;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /**
     * After {@link Activation#IDLE}: when to activate again if no message arrives first;
     * {@code null} means only a message can give this worker work.
     */
    public Instant nextWake() {
        return nextWake;
    }

    /** The full id of the step whose exchange point has id {@code exchange}. */
    public String exchangeStepId(int exchange) {
        return exchangeSteps.get(exchange);
    }

    /**
     * Snapshot writes run in the background; {@code wakeUp} is called, from any thread, whenever one
     * completes, so that the driver activates the engine again (the stored epoch may have advanced,
     * or the worker may be done). Set it before the first activation.
     */
    public void onStoreProgress(Runnable wakeUp) {
        tracker.onWriteDone(wakeUp);
    }

    /**
     * Starts the writes of every epoch this worker has closed everywhere and waits until they are
     * durable — for a driver that stops the worker (an abort, a stop request) and wants the epochs
     * closed before to count, including one closed in the activation the abort interrupted.
     *
     * @return the stored epoch
     */
    public long drainStores() {
        tracker.storeComplete();
        tracker.drain();
        return tracker.storedEpoch();
    }

    /** Every epoch up to this one is stored by this worker. */
    public long storedEpoch() {
        return tracker.storedEpoch();
    }

    /** Whether the worker has finished: every input ended and everything stored. */
    public boolean finished() {
        return done;
    }

    public int workerIndex() {
        return worker;
    }

    /** Closes every source and sink partition of this worker. Safe to call more than once. */
    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(WorkerEngine.class).warn("closing a partition failed", e);
            }
        }
        closeables.clear();
    }
}
