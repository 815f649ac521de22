package io.waxwing.engine;

/**
 * A {@link Message} on channel ({@code exchange}, {@code fromWorker} → receiver). Exchange ids are
 * dense and the same on every worker, since every worker compiles the same graph.
 */
public record Envelope(int exchange, int fromWorker, Message message) {
}
