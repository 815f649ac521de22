package io.waxwing.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of an exchange point: buffers items per destination worker and sends them as
 * batches, by size and at the end of each activation; barriers and the end of the stream go to
 * every destination after the data before them. Counts the batches each channel has in flight, so
 * that the worker stops reading input while a receiver is behind (credit-based flow control).
 */
final class ExchangeOut extends Pipe {
    private final int exchangeId;
    private final int self;
    private final Exchange exchange;
    private final Router router;
    private final int batchSize;
    private final int credits;
    private final List<List<Object>> buffers;
    private final int[] inFlight;

    ExchangeOut(int exchangeId, int self, int workerCount, Exchange exchange, Router router, int batchSize,
            int credits) {
        this.exchangeId = exchangeId;
        this.self = self;
        this.exchange = exchange;
        this.router = router;
        this.batchSize = batchSize;
        this.credits = credits;
        this.buffers = new ArrayList<>(workerCount);
        for (int i = 0; i < workerCount; i++) {
            buffers.add(new ArrayList<>(batchSize));
        }
        this.inFlight = new int[workerCount];
    }

    @Override
    public void push(Object item) {
        int dest = router.route(item);
        List<Object> buf = buffers.get(dest);
        buf.add(item);
        if (buf.size() >= batchSize) {
            send(dest);
        }
    }

    @Override
    void flush() {
        // Batches fill across upstream batches; the engine sends partial ones at the end of an activation.
    }

    /** Sends every partial batch. */
    void sendBuffered() {
        for (int d = 0; d < buffers.size(); d++) {
            if (!buffers.get(d).isEmpty()) {
                send(d);
            }
        }
    }

    private void send(int dest) {
        exchange.send(dest, new Envelope(exchangeId, self, new Message.Data(buffers.get(dest))));
        inFlight[dest]++;
        buffers.set(dest, new ArrayList<>(batchSize));
    }

    @Override
    void barrier(long epoch) {
        sendBuffered();
        Message.Barrier b = new Message.Barrier(epoch);
        for (int d = 0; d < buffers.size(); d++) {
            exchange.send(d, new Envelope(exchangeId, self, b));
        }
    }

    @Override
    void eof() {
        sendBuffered();
        for (int d = 0; d < buffers.size(); d++) {
            exchange.send(d, new Envelope(exchangeId, self, Message.END));
        }
    }

    /** Credit returned by worker {@code from}. */
    void ack(int from, int batches) {
        inFlight[from] -= batches;
    }

    /** Whether every channel can take another batch. */
    boolean hasCredit() {
        for (int n : inFlight) {
            if (n >= credits) {
                return false;
            }
        }
        return true;
    }
}
