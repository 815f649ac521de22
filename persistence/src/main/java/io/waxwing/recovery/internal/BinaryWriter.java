package io.waxwing.recovery.internal;

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

    public void writeString(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            writeVarLong(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        } else {
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
