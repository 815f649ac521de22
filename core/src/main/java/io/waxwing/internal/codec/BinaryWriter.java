package io.waxwing.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitive encodings the recovery formats share. */
public final class BinaryWriter {
    private byte[] buf;
    private int size;

    public BinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("recovery record larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** An unsigned LEB128 varint. */
    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** A zigzag varint, short for small negative numbers too. */
    public void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    public void writeLong(long v) {
        ensure(8);
        for (int i = 56; i >= 0; i -= 8) {
            buf[size++] = (byte) (v >>> i);
        }
    }

    public void writeBytes(byte[] b) {
        writeVarLong(b.length);
        writeRaw(b, 0, b.length);
    }

    public void writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /**
     * A string as its UTF-8 length and bytes. {@code getBytes} is the fast way for the common case:
     * for a string of ASCII characters it is one vectorised check and one copy.
     */
    public void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length);
        writeRaw(utf8, 0, utf8.length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes from {@code from} (inclusive) to {@code to} (exclusive). */
    public byte[] copyRange(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + size + " bytes");
        }
        return Arrays.copyOfRange(buf, from, to);
    }

    /** Forgets every byte from {@code newSize} on; the buffer is kept for what is written next. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }
}
