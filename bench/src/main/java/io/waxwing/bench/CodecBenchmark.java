package io.waxwing.bench;

import io.waxwing.dataflow.KV;
import io.waxwing.engine.Envelope;
import io.waxwing.engine.Message;
import io.waxwing.run.internal.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The serializer of batches between processes: encoding and decoding a batch of 1024 words, of
 * 1024 {@code KV<Long>} (a word and its count), and of 1024 {@code KV<String>} (a word keyed by
 * itself: what {@code keyOn(word -> word)} sends to the worker that counts it, the word count's
 * only traffic between processes). The score is nanoseconds per item.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CodecBenchmark.BATCH)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    static final int BATCH = 1024;

    private final EnvelopeCodec codec = new EnvelopeCodec(64L * 1024 * 1024);
    private Envelope strings;
    private Envelope pairs;
    private Envelope keyedWords;
    private byte[] stringBytes;
    private byte[] pairBytes;
    private byte[] keyedWordBytes;

    @Setup
    public void generate() {
        List<String> words = ZipfText.lines(BATCH, 1, 50_000, 1.0, 11L);
        List<Object> s = new ArrayList<>(words);
        List<Object> kv = new ArrayList<>();
        List<Object> keyed = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            kv.add(KV.of(words.get(i), (long) i * 31));
            keyed.add(KV.of(words.get(i), words.get(i)));
        }
        strings = new Envelope(1, 0, new Message.Data(s));
        pairs = new Envelope(1, 0, new Message.Data(kv));
        stringBytes = codec.encode(strings, "bench.split");
        pairBytes = codec.encode(pairs, "bench.count");
        keyedWords = new Envelope(1, 0, new Message.Data(keyed));
        keyedWordBytes = codec.encode(keyedWords, "bench.key");
    }

    @Benchmark
    public byte[] encodeStrings() {
        return codec.encode(strings, "bench.split");
    }

    @Benchmark
    public List<Envelope> decodeStrings() {
        return codec.decode(stringBytes);
    }

    @Benchmark
    public byte[] encodeKvPairs() {
        return codec.encode(pairs, "bench.count");
    }

    @Benchmark
    public List<Envelope> decodeKvPairs() {
        return codec.decode(pairBytes);
    }

    @Benchmark
    public byte[] encodeKeyedWords() {
        return codec.encode(keyedWords, "bench.key");
    }

    @Benchmark
    public List<Envelope> decodeKeyedWords() {
        return codec.decode(keyedWordBytes);
    }
}
