package io.waxwing.run.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.waxwing.dataflow.KV;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes the items that cross processes: compact tags for the common types (strings, numbers,
 * booleans, byte arrays, {@link KV}, lists, maps, sets, instants, {@code null}) and Jackson CBOR
 * with the class name for everything else (records, POJOs). Java serialization is never used.
 * Lists decode as {@link ArrayList}, maps as {@link LinkedHashMap}, sets as {@link LinkedHashSet}:
 * equal to what was sent.
 */
public final class ItemCodec {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;
    private static final byte BYTES = 6;
    private static final byte KV_PAIR = 7;
    private static final byte LIST = 8;
    private static final byte MAP = 9;
    private static final byte SET = 10;
    private static final byte INSTANT = 11;
    private static final byte FLOAT = 12;
    private static final byte SHORT = 13;
    private static final byte BYTE = 14;
    private static final byte CHAR = 15;
    private static final byte OBJECT = 16;

    private final ObjectMapper mapper;
    private final ClassLoader loader;

    public ItemCodec(ClassLoader loader) {
        this.loader = loader;
        this.mapper = CBORMapper.builder().findAndAddModules().build();
    }

    /** Thrown when an item cannot be encoded; names the type. */
    public static final class UnencodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnencodableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void write(DataOutputStream out, Object o) throws IOException {
        if (o == null) {
            out.writeByte(NULL);
        } else if (o instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (o instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (o instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (o instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (o instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (o instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (o instanceof KV<?> kv) {
            out.writeByte(KV_PAIR);
            writeString(out, kv.key());
            write(out, kv.value());
        } else if (o instanceof List<?> list) {
            out.writeByte(LIST);
            writeAll(out, list);
        } else if (o instanceof Set<?> set) {
            out.writeByte(SET);
            writeAll(out, set);
        } else if (o instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey());
                write(out, e.getValue());
            }
        } else if (o instanceof Instant t) {
            out.writeByte(INSTANT);
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        } else if (o instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (o instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (o instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (o instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else {
            byte[] json;
            try {
                json = mapper.writeValueAsBytes(o);
            } catch (IOException | RuntimeException e) {
                throw new UnencodableException("an item of type " + o.getClass().getName()
                        + " cannot be encoded to cross processes: " + e.getMessage()
                        + "; use a record, a POJO with getters or a common type (String, numbers, List, Map, KV)", e);
            }
            out.writeByte(OBJECT);
            writeString(out, o.getClass().getName());
            out.writeInt(json.length);
            out.write(json);
        }
    }

    private void writeAll(DataOutputStream out, Collection<?> items) throws IOException {
        out.writeInt(items.size());
        for (Object item : items) {
            write(out, item);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return readString(in);
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return in.readDouble();
            case BOOLEAN:
                return in.readBoolean();
            case BYTES: {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }
            case KV_PAIR:
                return new KV<>(readString(in), read(in));
            case LIST: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case SET: {
                int n = in.readInt();
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    set.add(read(in));
                }
                return set;
            }
            case MAP: {
                int n = in.readInt();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(read(in), read(in));
                }
                return map;
            }
            case INSTANT:
                return Instant.ofEpochSecond(in.readLong(), in.readInt());
            case FLOAT:
                return in.readFloat();
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            case CHAR:
                return in.readChar();
            case OBJECT: {
                String className = readString(in);
                byte[] json = new byte[in.readInt()];
                in.readFully(json);
                try {
                    return mapper.readValue(json, Class.forName(className, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new IOException("class " + className + " of a received item is not on this process's"
                            + " classpath; start every process with the same classpath", e);
                }
            }
            default:
                throw new IOException("unknown item tag " + tag + " in a received batch");
        }
    }

    /** Encodes one value to bytes. */
    public byte[] toBytes(Object o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            write(out, o);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }
}
