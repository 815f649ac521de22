package io.waxwing.internal.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.waxwing.dataflow.KV;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes snapshot values. The common types get compact tagged encodings; any other object — a
 * record or a POJO — is written with Jackson CBOR under its concrete class name, the way the
 * cluster's data serializer writes it, so that a type that can cross the network can also be
 * recovered. Java serialization is never used.
 *
 * <p>Lists, sets and maps decode to {@link ArrayList}, {@link LinkedHashSet} and
 * {@link LinkedHashMap} (order kept), so an immutable {@code List.of(...)} comes back as an equal,
 * mutable list. Inside a Jackson-encoded object, values of fields declared as {@code Object} are
 * written with their class name and come back as the same type.
 *
 * <p>The first value of each Jackson-encoded class is decoded again at once and compared (by
 * {@code equals}, else by encoding it once more), so a type that could be written but never read
 * back — final fields and no usable constructor, a lambda or a thread in a field — fails the step
 * that holds it before anything is stored or sent, instead of every resume afterwards. A class that
 * passed is not checked again.
 */
public final class StateCodec {
    private static final int NULL = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int STRING = 3;
    private static final int DOUBLE = 4;
    private static final int TRUE = 5;
    private static final int FALSE = 6;
    private static final int BYTES = 7;
    private static final int LIST = 8;
    private static final int MAP = 9;
    private static final int SET = 10;
    private static final int KV_PAIR = 11;
    private static final int INSTANT = 12;
    private static final int FLOAT = 13;
    private static final int DURATION = 14;
    private static final int OBJECT = 15;
    private static final int SHORT = 16;
    private static final int BYTE = 17;
    private static final int CHAR = 18;
    /** A {@code KV} whose value is its key (the same object), as {@code keyOn(w -> w)} makes. */
    private static final int KV_KEY_AS_VALUE = 19;

    private static final ObjectMapper MAPPER = new ObjectMapper(new CBORFactory())
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .registerModule(new ParameterNamesModule())
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // Fields declared as Object (a window's clock state, a join's values) keep their
            // concrete type: Jackson writes the class name beside such values. The store and the
            // cluster's own batches are trusted input, so any class on the classpath may appear.
            .activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.JAVA_LANG_OBJECT,
                    JsonTypeInfo.As.PROPERTY);

    private StateCodec() {
    }

    /**
     * Encodes {@code value}, the state of a key of step {@code stepId}.
     *
     * @throws CodecException naming the value's type and the step when it cannot be encoded
     */
    public static byte[] encode(Object value, String stepId) {
        BinaryWriter out = new BinaryWriter(32);
        write(out, value, stepId);
        return out.toByteArray();
    }

    /** Decodes what {@link #encode} wrote. */
    public static Object decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        Object value = read(in);
        if (!in.atEnd()) {
            throw new CodecException("corrupt snapshot value: trailing bytes after the value");
        }
        return value;
    }

    /**
     * Appends {@code v} to {@code out}: the streaming form of {@link #encode}, also used for the
     * items of data batches that cross processes, so that whatever can travel can be recovered.
     *
     * @throws CodecException naming the value's type and the step when it cannot be encoded
     */
    public static void write(BinaryWriter out, Object v, String stepId) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeSignedVarLong(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeSignedVarLong(l);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            out.writeString(s);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeBytes(bytes);
        } else if (v instanceof KV<?> kv && kv.value() == kv.key()) {
            out.writeByte(KV_KEY_AS_VALUE);
            out.writeString(kv.key());
        } else if (v instanceof KV<?> kv) {
            out.writeByte(KV_PAIR);
            out.writeString(kv.key());
            write(out, kv.value(), stepId);
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            writeElements(out, list, stepId);
        } else if (v instanceof Set<?> set) {
            out.writeByte(SET);
            writeElements(out, set, stepId);
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeVarLong(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey(), stepId);
                write(out, e.getValue(), stepId);
            }
        } else if (v instanceof Instant t) {
            out.writeByte(INSTANT);
            out.writeSignedVarLong(t.getEpochSecond());
            out.writeVarLong(t.getNano());
        } else if (v instanceof Duration d) {
            out.writeByte(DURATION);
            out.writeSignedVarLong(d.getSeconds());
            out.writeVarLong(d.getNano());
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeLong(Float.floatToRawIntBits(f));
        } else if (v instanceof Short sh) {
            out.writeByte(SHORT);
            out.writeSignedVarLong(sh);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeSignedVarLong(b);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR);
            out.writeVarLong(c);
        } else {
            writeObject(out, v, stepId);
        }
    }

    private static void writeElements(BinaryWriter out, Collection<?> elements, String stepId) {
        out.writeVarLong(elements.size());
        for (Object e : elements) {
            write(out, e, stepId);
        }
    }

    private static void writeObject(BinaryWriter out, Object v, String stepId) {
        // An enum constant with a body is an anonymous subclass; it is named by its enum.
        Class<?> type = v instanceof Enum<?> e ? e.getDeclaringClass() : v.getClass();
        if (type.isAnonymousClass() || type.isSynthetic() || type.isHidden()) {
            throw cannotEncode(type, stepId, "anonymous classes and lambdas have no name to decode them by", null);
        }
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(v);
        } catch (IOException | RuntimeException e) {
            throw cannotEncode(type, stepId, brief(e), e);
        }
        Checked checked = CHECKED.get(type);
        if (!checked.passed) {
            checkRoundTrip(type, v, body, stepId);
            checked.passed = true;
        }
        out.writeByte(OBJECT);
        out.writeString(type.getName());
        out.writeBytes(body);
    }

    /**
     * Whether a class's first Jackson-encoded value came back from its bytes. A class that passed
     * is not checked again; a class that failed fails its step, so it is never marked.
     */
    private static final class Checked {
        /** Written once, from false to true; a race only checks a value twice. */
        volatile boolean passed;
    }

    private static final ClassValue<Checked> CHECKED = new ClassValue<>() {
        @Override
        protected Checked computeValue(Class<?> type) {
            return new Checked();
        }
    };

    /**
     * Decodes {@code body} the way a restore or a receiving process would, and requires an equal
     * value ({@code equals}) or, for a class whose {@code equals} does not say (identity, or arrays
     * in a record), the same bytes when the decoded value is encoded again.
     *
     * @throws CodecException naming the type and the step, with what to change
     */
    private static void checkRoundTrip(Class<?> type, Object v, byte[] body, String stepId) {
        Object back;
        try {
            back = readObject(type.getName(), body);
        } catch (CodecException e) {
            Throwable why = e.getCause() == null ? e : e.getCause();
            throw cannotRestore(type, stepId, why instanceof ClassNotFoundException
                    ? "the class " + why.getMessage() + " is not on the classpath" : brief(why), e);
        }
        if (!type.isInstance(back)) {
            throw cannotRestore(type, stepId, "it decodes as " + (back == null ? "null" : back.getClass().getName()),
                    null);
        }
        if (v.equals(back)) {
            return;
        }
        byte[] again;
        try {
            again = MAPPER.writeValueAsBytes(back);
        } catch (IOException | RuntimeException e) {
            throw cannotRestore(type, stepId, "the decoded value cannot be encoded again: " + brief(e), e);
        }
        if (!java.util.Arrays.equals(body, again)) {
            throw cannotRestore(type, stepId, "the decoded value differs from the original", null);
        }
    }

    /** The first line of an exception's message, at most 300 characters (Jackson's paths can be huge). */
    private static String brief(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    private static final String WHAT_WORKS = "records, classes with a no-argument constructor (it may be"
            + " private) whose fields hold such values, enums, boxed primitives, String, byte[], List, Set, Map,"
            + " KV, Instant and Duration";

    private static CodecException cannotEncode(Class<?> type, String stepId, String why, Throwable cause) {
        return new CodecException("step '" + stepId + "' holds a value of type " + type.getName()
                + " that cannot be encoded (" + why + "); use " + WHAT_WORKS, cause);
    }

    private static CodecException cannotRestore(Class<?> type, String stepId, String why, Throwable cause) {
        return new CodecException("step '" + stepId + "' holds a value of type " + type.getName()
                + " that could be encoded but not decoded back (" + why + "), so it could never be restored or"
                + " received; make " + type.getSimpleName() + " a record or give it a no-argument constructor,"
                + " and keep lambdas, threads and other live objects out of its fields (mark them transient)."
                + " What works: " + WHAT_WORKS, cause);
    }

    /** Reads one value that {@link #write} appended. */
    public static Object read(BinaryReader in) {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case INT:
                return (int) in.readSignedVarLong();
            case LONG:
                return in.readSignedVarLong();
            case STRING:
                return in.readString();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case BYTES:
                return in.readBytes();
            case KV_KEY_AS_VALUE: {
                String key = in.readString();
                return new KV<>(key, key);
            }
            case KV_PAIR: {
                String key = in.readString();
                return new KV<>(key, read(in));
            }
            case LIST: {
                int n = count(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case SET: {
                int n = count(in);
                Set<Object> set = new LinkedHashSet<>(Math.max(16, n * 2));
                for (int i = 0; i < n; i++) {
                    set.add(read(in));
                }
                return set;
            }
            case MAP: {
                int n = count(in);
                Map<Object, Object> map = new LinkedHashMap<>(Math.max(16, n * 2));
                for (int i = 0; i < n; i++) {
                    Object k = read(in);
                    map.put(k, read(in));
                }
                return map;
            }
            case INSTANT:
                return Instant.ofEpochSecond(in.readSignedVarLong(), in.readVarLong());
            case DURATION:
                return Duration.ofSeconds(in.readSignedVarLong(), in.readVarLong());
            case FLOAT:
                return Float.intBitsToFloat((int) in.readLong());
            case SHORT:
                return (short) in.readSignedVarLong();
            case BYTE:
                return (byte) in.readSignedVarLong();
            case CHAR:
                return (char) in.readVarLong();
            case OBJECT:
                return readObject(in.readString(), in.readBytes());
            default:
                throw new CodecException("corrupt snapshot value: unknown type tag " + tag);
        }
    }

    private static int count(BinaryReader in) {
        long n = in.readVarLong();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CodecException("corrupt snapshot value: collection of " + n + " elements");
        }
        return (int) n;
    }

    private static Object readObject(String className, byte[] body) {
        Class<?> type;
        try {
            type = loadClass(className);
        } catch (ClassNotFoundException e) {
            throw new CodecException("cannot restore a snapshot value of type " + className
                    + ": the class is not on the classpath of this execution", e);
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot restore a snapshot value of type " + className + ": " + e.getMessage(), e);
        }
    }

    private static Class<?> loadClass(String name) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException e) {
                // Fall through to the loader that loaded Waxwing itself.
            }
        }
        return Class.forName(name, false, StateCodec.class.getClassLoader());
    }
}
