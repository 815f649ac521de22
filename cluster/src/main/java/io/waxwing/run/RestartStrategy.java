package io.waxwing.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether, and how often, an execution restarts by itself after a failure, resuming from its last
 * committed epoch in the same JVM — Flink's {@code restart-strategy}. A restart needs a recovery
 * store: without one a restarted execution would read its input again from the start and repeat its
 * output, so the entry points refuse a strategy other than {@link #none()} without a
 * {@code RecoveryConfig}.
 *
 * <pre>{@code
 * RestartStrategy three = RestartStrategy.fixedDelay(3, Duration.ofSeconds(2))
 *         .withNotRetryable(List.of("java.lang.IllegalArgumentException"));
 * Execution.cliMain(flow, 2, null, null, Duration.ofSeconds(5), new RecoveryConfig(dir), three);
 * }</pre>
 *
 * <p>What is retried: a step whose user code throws (unless the exception, or one in its cause
 * chain, is an instance of a type named by {@link #withNotRetryable}), a lost peer process (it
 * crashed, was killed, the network failed, or the cluster did not form again in time), and a write
 * to the recovery store that fails or times out. Never retried: errors found before any data flows
 * (a bad dataflow, processes that run different dataflows or options, a recovery store that is
 * missing, inconsistent or not initialised), and the user's own stop (a signal,
 * {@link Execution#requestStop()}, an abort marker). When no restart is left, the entry point
 * throws what the last failure threw.
 *
 * <p>In a cluster every process restarts: each tears down its actor system, waits the delay and
 * forms the cluster again with the same addresses and ids. Give every process the same strategy.
 * Instances are immutable.
 */
public final class RestartStrategy {
    /** The kinds of strategy, named as on the command line ({@code --restart-strategy}). */
    public enum Kind {
        /** Never restart: a failure ends the execution. The default. */
        NONE("none"),
        /** Up to {@code attempts} restarts, each after {@code delay}. */
        FIXED_DELAY("fixed-delay"),
        /**
         * Up to {@code attempts} restarts; the first after {@code delay}, each next one after twice
         * the previous delay, at most {@code maxDelay}.
         */
        EXPONENTIAL_DELAY("exponential-delay"),
        /**
         * Restarts after {@code delay} for as long as at most {@code maxFailures} failures happened
         * within the last {@code period}; the failure that exceeds the rate ends the execution.
         */
        FAILURE_RATE("failure-rate");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        /** The name used by {@code --restart-strategy} and {@code waxwing.restart.strategy}. */
        public String option() {
            return option;
        }

        /** The kind named {@code name} ({@code none}, {@code fixed-delay}, …), or a clear error. */
        public static Kind of(String name) {
            String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.option.equals(n)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown restart strategy '" + name
                    + "'; use none, fixed-delay, exponential-delay or failure-rate");
        }
    }

    private static final RestartStrategy NONE = new RestartStrategy(Kind.NONE, 0, Duration.ZERO, Duration.ZERO, 0,
            Duration.ZERO, Set.of());

    private final Kind kind;
    private final int attempts;
    private final Duration delay;
    private final Duration maxDelay;
    private final int maxFailures;
    private final Duration period;
    private final Set<String> notRetryable;

    private RestartStrategy(Kind kind, int attempts, Duration delay, Duration maxDelay, int maxFailures,
            Duration period, Set<String> notRetryable) {
        this.kind = kind;
        this.attempts = attempts;
        this.delay = delay;
        this.maxDelay = maxDelay;
        this.maxFailures = maxFailures;
        this.period = period;
        this.notRetryable = Set.copyOf(notRetryable);
    }

    /** Never restart (the default). */
    public static RestartStrategy none() {
        return NONE;
    }

    /**
     * Up to {@code attempts} restarts, each {@code delay} after the failure.
     *
     * <pre>{@code RestartStrategy.fixedDelay(3, Duration.ofSeconds(10))}</pre>
     */
    public static RestartStrategy fixedDelay(int attempts, Duration delay) {
        return new RestartStrategy(Kind.FIXED_DELAY, positive(attempts, "attempts"), notNegative(delay, "delay"),
                delay, 0, Duration.ZERO, Set.of());
    }

    /**
     * Up to {@code attempts} restarts: the first {@code initialDelay} after the failure, then twice
     * the previous delay each time, never more than {@code maxDelay}.
     *
     * <pre>{@code RestartStrategy.exponentialDelay(8, Duration.ofSeconds(1), Duration.ofMinutes(1))}</pre>
     */
    public static RestartStrategy exponentialDelay(int attempts, Duration initialDelay, Duration maxDelay) {
        notNegative(initialDelay, "delay");
        notNegative(maxDelay, "max delay");
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("restart max delay " + maxDelay + " is shorter than the delay "
                    + initialDelay + "; give a max delay at least as long");
        }
        return new RestartStrategy(Kind.EXPONENTIAL_DELAY, positive(attempts, "attempts"), initialDelay, maxDelay, 0,
                Duration.ZERO, Set.of());
    }

    /**
     * Restarts, each {@code delay} after the failure, as long as no more than {@code maxFailures}
     * failures happened within the last {@code period}.
     *
     * <pre>{@code RestartStrategy.failureRate(3, Duration.ofMinutes(5), Duration.ofSeconds(10))}</pre>
     */
    public static RestartStrategy failureRate(int maxFailures, Duration period, Duration delay) {
        notNegative(period, "failure-rate period");
        if (period.isZero()) {
            throw new IllegalArgumentException("the restart failure-rate period must be longer than 0");
        }
        return new RestartStrategy(Kind.FAILURE_RATE, 0, notNegative(delay, "delay"), delay,
                positive(maxFailures, "failure-rate count"), period, Set.of());
    }

    /**
     * This strategy, except that a step failure whose exception — or an exception in its cause
     * chain — is an instance of one of {@code classNames} (fully qualified, e.g.
     * {@code java.lang.IllegalArgumentException}; subclasses match too) ends the execution at once.
     */
    public RestartStrategy withNotRetryable(Collection<String> classNames) {
        Set<String> names = new TreeSet<>();
        for (String n : classNames) {
            String s = Objects.requireNonNull(n, "class name").strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("an empty class name in the not-retryable exception types");
            }
            names.add(s);
        }
        return new RestartStrategy(kind, attempts, delay, maxDelay, maxFailures, period, names);
    }

    /**
     * The strategy described by a {@code waxwing.restart} block (see the cluster module's
     * {@code reference.conf}): {@code strategy}, {@code attempts}, {@code delay}, {@code max-delay},
     * {@code failure-rate} ({@code N/PERIOD}) and {@code not-retryable} (a list of class names).
     */
    public static RestartStrategy fromConfig(Config restart) {
        Kind kind = Kind.of(restart.getString("strategy"));
        RestartStrategy s = of(kind, restart.getInt("attempts"), restart.getDuration("delay"),
                restart.getDuration("max-delay"), restart.getString("failure-rate"), "waxwing.restart.failure-rate");
        return s.withNotRetryable(restart.getStringList("not-retryable"));
    }

    /**
     * A strategy of kind {@code kind} from the settings the command line and the configuration
     * give: those the kind does not use are ignored.
     *
     * @param failureRate {@code N/PERIOD}, e.g. {@code 3/5m}, for {@link Kind#FAILURE_RATE}
     * @param origin      where {@code failureRate} comes from, for the error message
     */
    public static RestartStrategy of(Kind kind, int attempts, Duration delay, Duration maxDelay, String failureRate,
            String origin) {
        return switch (kind) {
            case NONE -> none();
            case FIXED_DELAY -> fixedDelay(attempts, delay);
            case EXPONENTIAL_DELAY -> exponentialDelay(attempts, delay, maxDelay);
            case FAILURE_RATE -> {
                String rate = failureRate == null ? "" : failureRate.strip();
                int slash = rate.indexOf('/');
                if (slash <= 0 || slash == rate.length() - 1) {
                    throw new IllegalArgumentException(origin + ": '" + failureRate
                            + "' is not of the form N/PERIOD (e.g. 3/5m: at most 3 failures within 5 minutes)");
                }
                int n;
                try {
                    n = Integer.parseInt(rate.substring(0, slash).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(origin + ": '" + rate.substring(0, slash)
                            + "' is not a whole number of failures (N/PERIOD, e.g. 3/5m)");
                }
                yield failureRate(n, parseDuration(rate.substring(slash + 1).strip(), origin), delay);
            }
        };
    }

    /** 500ms, 10s, 5m, 1h, 0 (HOCON's units, as elsewhere in Waxwing's settings) or ISO-8601 ({@code PT5M}). */
    private static Duration parseDuration(String text, String origin) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(text)).getDuration("d");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(origin + ": '" + text + "' is not a duration (e.g. 30s, 5m, 1h)");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The most restarts ({@link Kind#FIXED_DELAY}, {@link Kind#EXPONENTIAL_DELAY}); 0 otherwise. */
    public int attempts() {
        return attempts;
    }

    /** The delay before a restart (the first one, for {@link Kind#EXPONENTIAL_DELAY}). */
    public Duration delay() {
        return delay;
    }

    /** The longest delay of {@link Kind#EXPONENTIAL_DELAY}. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The most failures within {@link #period()} that still restart ({@link Kind#FAILURE_RATE}); 0 otherwise. */
    public int maxFailures() {
        return maxFailures;
    }

    /** The window of {@link Kind#FAILURE_RATE}. */
    public Duration period() {
        return period;
    }

    /** The exception types (class names) that are never retried. */
    public Set<String> notRetryable() {
        return notRetryable;
    }

    /** Whether this strategy ever restarts. */
    public boolean restarts() {
        return kind != Kind.NONE;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        switch (kind) {
            case NONE -> {
                return "none";
            }
            case FIXED_DELAY -> parts.add(attempts + " attempt(s), delay " + human(delay));
            case EXPONENTIAL_DELAY -> parts.add(attempts + " attempt(s), delay " + human(delay) + " to "
                    + human(maxDelay));
            case FAILURE_RATE -> parts.add("at most " + maxFailures + " failure(s) per " + human(period)
                    + ", delay " + human(delay));
        }
        if (!notRetryable.isEmpty()) {
            parts.add("not retrying " + String.join(", ", notRetryable));
        }
        return kind.option() + " (" + String.join("; ", parts) + ")";
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestartStrategy r && r.kind == kind && r.attempts == attempts && r.delay.equals(delay)
                && r.maxDelay.equals(maxDelay) && r.maxFailures == maxFailures && r.period.equals(period)
                && r.notRetryable.equals(notRetryable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, attempts, delay, maxDelay, maxFailures, period, notRetryable);
    }

    private static int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("restart " + what + " must be at least 1, got " + n);
        }
        return n;
    }

    private static Duration notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("restart " + what + " must not be negative, got " + d);
        }
        return d;
    }
}
