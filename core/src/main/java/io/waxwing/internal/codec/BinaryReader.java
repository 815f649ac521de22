package io.waxwing.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote. */
public final class BinaryReader {
    private final byte[] buf;
    private int pos;

    public BinaryReader(byte[] buf) {
        this.buf = buf;
    }

    private void need(long n) {
        if (n < 0 || pos + n > buf.length) {
            throw new IllegalArgumentException("truncated recovery record (" + buf.length + " bytes)");
        }
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint in recovery record");
    }

    public long readSignedVarLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public int readLength() {
        long n = readVarLong();
        need(n);
        return (int) n;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public byte[] readBytes() {
        return readRaw(readVarLong());
    }

    public byte[] readRaw(long length) {
        need(length);
        int n = (int) length;
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public String readString() {
        int n = readLength();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public boolean atEnd() {
        return pos == buf.length;
    }
}
