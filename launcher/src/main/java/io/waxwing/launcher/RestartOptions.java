package io.waxwing.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.waxwing.recovery.RecoveryConfig;
import io.waxwing.run.RestartStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --restart-*} options: whether the execution restarts by itself after a failure
 * (docs/recovery.md, "Restarting by itself"). Each setting comes from its option, else its
 * {@code WAXWING_RESTART_*} variable, else {@code waxwing.restart} in the configuration (default:
 * never restart). Mixed into {@link RunCommand}.
 */
final class RestartOptions {
    static final String STRATEGY = "WAXWING_RESTART_STRATEGY";
    static final String ATTEMPTS = "WAXWING_RESTART_ATTEMPTS";
    static final String DELAY = "WAXWING_RESTART_DELAY";
    static final String MAX_DELAY = "WAXWING_RESTART_MAX_DELAY";
    static final String FAILURE_RATE = "WAXWING_RESTART_FAILURE_RATE";
    static final String NOT_RETRYABLE = "WAXWING_RESTART_NOT_RETRYABLE";

    @Option(names = "--restart-strategy", paramLabel = "NAME", order = 20,
            description = {"Restart by itself after a failure, from the last committed epoch: none,"
                    + " fixed-delay, exponential-delay or failure-rate. Needs --recovery-dir.",
                "Env: WAXWING_RESTART_STRATEGY; HOCON waxwing.restart.strategy. Default: none."})
    String strategy;

    @Option(names = "--restart-attempts", paramLabel = "N", order = 21,
            description = {"The most restarts (fixed-delay, exponential-delay).",
                "Env: WAXWING_RESTART_ATTEMPTS; HOCON waxwing.restart.attempts. Default: 3."})
    Integer attempts;

    @Option(names = "--restart-delay", paramLabel = "DURATION", order = 22, converter = DurationParser.class,
            description = {"The wait before a restart (exponential-delay: the first; it doubles each time).",
                "Env: WAXWING_RESTART_DELAY; HOCON waxwing.restart.delay. Default: 1s."})
    Duration delay;

    @Option(names = "--restart-max-delay", paramLabel = "DURATION", order = 23, converter = DurationParser.class,
            description = {"The longest wait of exponential-delay.",
                "Env: WAXWING_RESTART_MAX_DELAY; HOCON waxwing.restart.max-delay. Default: 1m."})
    Duration maxDelay;

    @Option(names = "--restart-failure-rate", paramLabel = "N/PERIOD", order = 24,
            description = {"failure-rate: restart while at most N failures happened within the last PERIOD.",
                "Env: WAXWING_RESTART_FAILURE_RATE; HOCON waxwing.restart.failure-rate. Default: 3/5m."})
    String failureRate;

    @Option(names = "--restart-not-retryable", paramLabel = "CLASS", order = 25, split = ",",
            description = {"Exception types (class names; subclasses too) that a step may throw and that are"
                    + " never retried. Comma-separated or repeated.",
                "Env: WAXWING_RESTART_NOT_RETRYABLE; HOCON waxwing.restart.not-retryable. Default: none."})
    List<String> notRetryable;

    /**
     * The strategy these options, {@code env} and {@code config} (its {@code waxwing.restart}
     * block) give.
     *
     * @param recovery the run's recovery store, or {@code null}: a strategy that restarts needs one
     * @throws LaunchException naming the option or variable that is wrong
     */
    RestartStrategy resolve(Environment env, Config config, RecoveryConfig recovery) {
        Config hocon;
        try {
            hocon = config.getConfig("waxwing.restart");
        } catch (ConfigException e) {
            throw new LaunchException("configuration: " + e.getMessage());
        }
        String origin = "--restart-strategy";
        String name = strategy;
        if (name == null) {
            name = env.string(STRATEGY);
            origin = STRATEGY;
        }
        if (name == null) {
            name = hocon.getString("strategy");
            origin = "waxwing.restart.strategy";
        }
        RestartStrategy.Kind kind;
        try {
            kind = RestartStrategy.Kind.of(name);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(origin + ": " + e.getMessage());
        }
        if (kind == RestartStrategy.Kind.NONE) {
            return RestartStrategy.none();
        }
        int n = attempts != null ? attempts : env.integer(ATTEMPTS) != null ? env.integer(ATTEMPTS)
                : hocon.getInt("attempts");
        Duration d = delay != null ? delay : env.duration(DELAY) != null ? env.duration(DELAY)
                : hocon.getDuration("delay");
        Duration max = maxDelay != null ? maxDelay : env.duration(MAX_DELAY) != null ? env.duration(MAX_DELAY)
                : hocon.getDuration("max-delay");
        String rate = failureRate;
        String rateOrigin = "--restart-failure-rate";
        if (rate == null && env.string(FAILURE_RATE) != null) {
            rate = env.string(FAILURE_RATE);
            rateOrigin = FAILURE_RATE;
        } else if (rate == null) {
            rate = hocon.getString("failure-rate");
            rateOrigin = "waxwing.restart.failure-rate";
        }
        List<String> types = new ArrayList<>();
        if (notRetryable != null && !notRetryable.isEmpty()) {
            types.addAll(notRetryable);
        } else if (env.string(NOT_RETRYABLE) != null) {
            types.addAll(List.of(env.string(NOT_RETRYABLE).split(",")));
        } else {
            types.addAll(hocon.getStringList("not-retryable"));
        }
        types.removeIf(String::isBlank);
        RestartStrategy s;
        try {
            s = RestartStrategy.of(kind, n, d, max, rate, rateOrigin).withNotRetryable(types);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage());
        }
        if (recovery == null) {
            throw new LaunchException(origin + " " + kind.option() + " needs a recovery directory: without one a"
                    + " restarted execution would read its input again from the start and repeat its output; give"
                    + " --recovery-dir (or " + Environment.RECOVERY_DIR + "), or use --restart-strategy none");
        }
        return s;
    }
}
