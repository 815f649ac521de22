package io.waxwing.launcher;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the literal argument list of a factory import string, the part between the parentheses
 * of {@code com.acme.Flows:create("out.txt", 3, 2.5, true)}.
 *
 * <p>Literals, separated by commas:
 * <ul>
 *   <li>strings in double or single quotes, with the escapes {@code \"}, {@code \'}, {@code \\},
 *       {@code \n}, {@code \t}, {@code \r} → {@link String};</li>
 *   <li>integers such as {@code 3} or {@code -12} → {@link BigInteger};</li>
 *   <li>decimals such as {@code 2.5}, {@code -0.5} or {@code 1e-3} → {@link BigDecimal};</li>
 *   <li>{@code true} and {@code false} → {@link Boolean}.</li>
 * </ul>
 * The values are converted to the parameter types of the chosen method by {@link ArgumentBinder}.
 */
final class ArgumentList {
    private final String text;
    private int pos;

    private ArgumentList(String text) {
        this.text = text;
    }

    /**
     * The literals of {@code text} (without the parentheses), in order.
     *
     * @throws IllegalArgumentException saying what does not parse and where
     */
    static List<Object> parse(String text) {
        return new ArgumentList(text).all();
    }

    /** How {@code value}, one of the parsed literals, is written in an import string. */
    static String format(Object value) {
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")
                    .replace("\r", "\\r") + '"';
        }
        if (value instanceof BigDecimal d) {
            return d.toString();
        }
        return String.valueOf(value);
    }

    /** The whole list formatted, e.g. {@code "out.txt", 3}. */
    static String format(List<Object> values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(format(v));
        }
        return b.toString();
    }

    private List<Object> all() {
        List<Object> out = new ArrayList<>();
        skipSpace();
        if (pos == text.length()) {
            return out;
        }
        while (true) {
            out.add(literal());
            skipSpace();
            if (pos == text.length()) {
                return out;
            }
            if (text.charAt(pos) != ',') {
                throw error("expected ',' between arguments");
            }
            pos++;
            skipSpace();
            if (pos == text.length()) {
                throw error("expected an argument after ','");
            }
        }
    }

    private Object literal() {
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            return string(c);
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.equals("true")) {
            return Boolean.TRUE;
        }
        if (word.equals("false")) {
            return Boolean.FALSE;
        }
        pos = start;
        throw error("expected a string in quotes, a number, true or false");
    }

    private String string(char quote) {
        int start = pos;
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\') {
                if (pos == text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\', '"', '\'' -> b.append(e);
                    default -> {
                        pos -= 2;
                        throw error("unknown escape '\\" + e + "' in a string");
                    }
                }
            } else {
                b.append(c);
            }
        }
        pos = start;
        throw error("unterminated string");
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String token = text.substring(start, pos);
        String unsigned = token.startsWith("+") ? token.substring(1) : token;
        if (unsigned.matches("-?\\d+")) {
            return new BigInteger(unsigned);
        }
        if (unsigned.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?")) {
            return new BigDecimal(unsigned);
        }
        pos = start;
        throw error("'" + token + "' is not a number");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + (pos + 1) + " of the argument list ("
                + text + ")");
    }
}
