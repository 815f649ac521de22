package io.waxwing.launcher;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the durations of {@code --epoch-interval} and {@code --backup-interval} (and their
 * environment variables): a whole number with a unit — {@code 500ms}, {@code 10s}, {@code 2m},
 * {@code 1h}, {@code 1d} — a bare {@code 0}, or ISO-8601 ({@code PT5S}, {@code PT1M30S}).
 * Negative durations are refused.
 */
final class DurationParser implements ITypeConverter<Duration> {
    /** What a valid duration looks like, for error messages. */
    static final String FORMS = "use e.g. 500ms, 10s, 2m, 1h, 0 or ISO-8601 such as PT5S";

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a message quoting {@code text} and the accepted forms
     */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = WITH_UNIT.matcher(t);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
            try {
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (ArithmeticException e) {
                throw invalid(text);
            }
        }
        if (t.startsWith("pt") || t.startsWith("p") || t.startsWith("-p")) {
            Duration d;
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("'" + text + "' is negative; a duration must be 0 or more");
            }
            return d;
        }
        throw invalid(text);
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: " + FORMS);
    }
}
