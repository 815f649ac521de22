package io.waxwing.launcher;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which overload of a factory method the literal arguments of an import string call, and
 * converts each literal to its parameter's type.
 *
 * <p>A string fits {@code String}, {@code CharSequence}, {@code Object}, {@link Path}, {@link Duration}
 * (any form {@link DurationParser} reads), an enum (by constant name) and {@code char} (one
 * character). An integer fits every numeric type it is in range of, {@link BigInteger},
 * {@link BigDecimal}, {@link Number} and {@code Object}. A decimal fits {@code double},
 * {@code float}, {@link BigDecimal}, {@link Number} and {@code Object}. A boolean fits
 * {@code boolean} and {@code Object}. Among the overloads that fit, the one needing the least
 * widening wins ({@code int} before {@code long} before {@code double}); a tie is reported as
 * ambiguous. Varargs methods are called with their array parameter written out, never spread.
 */
final class ArgumentBinder {
    /** A literal does not fit the parameter. */
    private static final int NO_FIT = -1;

    private ArgumentBinder() {
    }

    /** The chosen method and its converted arguments. */
    record Binding(Method method, Object[] arguments) {
    }

    /**
     * Binds {@code literals} to one of {@code candidates} (static methods with the right name and
     * parameter count), or returns {@code null} when none fits.
     *
     * @throws LaunchException when two or more fit equally well
     */
    static Binding bind(List<Method> candidates, List<Object> literals, String description) {
        Binding best = null;
        int bestCost = Integer.MAX_VALUE;
        List<Method> tied = new ArrayList<>();
        for (Method m : candidates) {
            Class<?>[] types = m.getParameterTypes();
            if (types.length != literals.size()) {
                continue;
            }
            int cost = 0;
            for (int i = 0; i < types.length && cost >= 0; i++) {
                int c = cost(literals.get(i), types[i]);
                cost = c == NO_FIT ? NO_FIT : cost + c;
            }
            if (cost == NO_FIT) {
                continue;
            }
            if (cost < bestCost) {
                Object[] args = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    args[i] = convert(literals.get(i), types[i]);
                }
                best = new Binding(m, args);
                bestCost = cost;
                tied.clear();
                tied.add(m);
            } else if (cost == bestCost) {
                tied.add(m);
            }
        }
        if (tied.size() > 1) {
            List<String> signatures = new ArrayList<>();
            for (Method m : tied) {
                signatures.add(signature(m));
            }
            throw new LaunchException(description + " is ambiguous: the arguments fit " + String.join(" and ",
                    signatures) + " equally well");
        }
        return best;
    }

    /** {@code create(String, int)}, for messages. */
    static String signature(Method m) {
        StringBuilder b = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            b.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return b.append(')').toString();
    }

    private static int cost(Object literal, Class<?> type) {
        if (literal instanceof String s) {
            if (type == String.class) {
                return 0;
            }
            if (type == CharSequence.class || type == Object.class) {
                return 1;
            }
            if (type == Path.class) {
                return 2;
            }
            if (type == Duration.class) {
                return isDuration(s) ? 2 : NO_FIT;
            }
            if (type.isEnum()) {
                return enumConstant(type, s) != null ? 2 : NO_FIT;
            }
            if ((type == char.class || type == Character.class) && s.length() == 1) {
                return 2;
            }
            return NO_FIT;
        }
        if (literal instanceof Boolean) {
            if (type == boolean.class || type == Boolean.class) {
                return 0;
            }
            return type == Object.class ? 1 : NO_FIT;
        }
        if (literal instanceof BigInteger i) {
            if ((type == int.class || type == Integer.class) && fits(i, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
                return 0;
            }
            if ((type == long.class || type == Long.class) && fits(i, Long.MIN_VALUE, Long.MAX_VALUE)) {
                return 1;
            }
            if ((type == short.class || type == Short.class) && fits(i, Short.MIN_VALUE, Short.MAX_VALUE)) {
                return 2;
            }
            if ((type == byte.class || type == Byte.class) && fits(i, Byte.MIN_VALUE, Byte.MAX_VALUE)) {
                return 2;
            }
            if (type == BigInteger.class) {
                return 2;
            }
            if (type == double.class || type == Double.class || type == float.class || type == Float.class
                    || type == BigDecimal.class) {
                return 3;
            }
            if (type == Number.class || type == Object.class) {
                return 4;
            }
            return NO_FIT;
        }
        if (literal instanceof BigDecimal) {
            if (type == double.class || type == Double.class) {
                return 0;
            }
            if (type == float.class || type == Float.class || type == BigDecimal.class) {
                return 1;
            }
            if (type == Number.class || type == Object.class) {
                return 3;
            }
            return NO_FIT;
        }
        return NO_FIT;
    }

    private static boolean fits(BigInteger i, long min, long max) {
        return i.compareTo(BigInteger.valueOf(min)) >= 0 && i.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    private static Object convert(Object literal, Class<?> type) {
        if (literal instanceof String s) {
            if (type == Path.class) {
                return Path.of(s);
            }
            if (type == Duration.class) {
                return DurationParser.parse(s);
            }
            if (type.isEnum()) {
                return enumConstant(type, s);
            }
            if (type == char.class || type == Character.class) {
                return s.charAt(0);
            }
            return s;
        }
        if (literal instanceof BigInteger i) {
            if (type == int.class || type == Integer.class) {
                return i.intValueExact();
            }
            if (type == long.class || type == Long.class) {
                return i.longValueExact();
            }
            if (type == short.class || type == Short.class) {
                return i.shortValueExact();
            }
            if (type == byte.class || type == Byte.class) {
                return i.byteValueExact();
            }
            if (type == double.class || type == Double.class) {
                return i.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return i.floatValue();
            }
            if (type == BigDecimal.class) {
                return new BigDecimal(i);
            }
            if (type == BigInteger.class) {
                return i;
            }
            return i.bitLength() < 32 ? (Object) i.intValue() : (i.bitLength() < 64 ? (Object) i.longValue() : i);
        }
        if (literal instanceof BigDecimal d) {
            if (type == float.class || type == Float.class) {
                return d.floatValue();
            }
            if (type == BigDecimal.class) {
                return d;
            }
            return d.doubleValue();
        }
        return literal;
    }

    private static boolean isDuration(String s) {
        try {
            DurationParser.parse(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The constant of enum {@code type} named {@code name}, or {@code null}. */
    private static Object enumConstant(Class<?> type, String name) {
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
