package io.waxwing.run.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.waxwing.errors.WaxwingException;
import io.waxwing.errors.WaxwingRuntimeException;
import io.waxwing.recovery.InconsistentPartitionsException;
import io.waxwing.recovery.MissingPartitionsException;
import io.waxwing.recovery.NoPartitionsException;
import io.waxwing.recovery.RecoveryException;
import java.nio.file.Path;

/**
 * How an execution ended, as the coordinator decides it and tells every process (with Pekko's
 * Jackson serializer, by type name). Each process's entry point turns it into its result:
 * {@link #toException} is {@code null} for a normal end, else what the entry point throws.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Outcome.Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = Outcome.Stopped.class, name = "stopped"),
    @JsonSubTypes.Type(value = Outcome.UserFailure.class, name = "user-failure"),
    @JsonSubTypes.Type(value = Outcome.RecoveryRefused.class, name = "recovery-refused"),
    @JsonSubTypes.Type(value = Outcome.ClusterFailure.class, name = "cluster-failure")})
public sealed interface Outcome {

    /**
     * What the entry point of a process throws for this outcome, or {@code null} when it returns
     * normally.
     *
     * @param dbDir this process's recovery directory, named by a rebuilt {@link NoPartitionsException}
     */
    RuntimeException toException(Path dbDir);

    /** Every worker reached the end of its input. */
    record Completed() implements Outcome {
        @Override
        public RuntimeException toException(Path dbDir) {
            return null;
        }
    }

    /**
     * An abort marker ({@code byProcess} -1), or a signal or {@code Execution.requestStop()} in process
     * {@code byProcess}, stopped the execution. The entry point of the process that was asked to stop
     * returns normally, and so does every entry point after an abort; the other processes' throw
     * ({@link #stoppedByPeer}), so that a peer's stop never looks like a completed dataflow.
     */
    record Stopped(int byProcess) implements Outcome {
        static final int ABORT = -1;

        @Override
        public RuntimeException toException(Path dbDir) {
            return null;
        }

        /** What a process that was not asked to stop throws when process {@code byProcess} was. */
        WaxwingException stoppedByPeer() {
            return new WaxwingException("stopped because process " + byProcess + " was asked to stop (a signal or"
                    + " Execution.requestStop() there) before the input ended; the last committed epoch is kept");
        }
    }

    /**
     * User code in step {@code stepId} failed; {@code exceptionTypes} are the class names the
     * user's exception (and its causes) are instances of, so that every process decides alike
     * whether the failure may be retried ({@link RestartPolicy#typesOf}).
     */
    record UserFailure(String stepId, String description, java.util.List<String> exceptionTypes) implements Outcome {
        public UserFailure {
            exceptionTypes = exceptionTypes == null ? java.util.List.of() : java.util.List.copyOf(exceptionTypes);
        }

        public UserFailure(String stepId, String description) {
            this(stepId, description, java.util.List.of());
        }

        @Override
        public RuntimeException toException(Path dbDir) {
            return new WaxwingRuntimeException(stepId, description, null);
        }
    }

    /** The recovery store was refused before any data flowed. */
    record RecoveryRefused(Refusal refusal, String message) implements Outcome {
        static RecoveryRefused of(RecoveryException e, String where) {
            return new RecoveryRefused(Refusal.of(e), e.getMessage() + where);
        }

        @Override
        public RuntimeException toException(Path dbDir) {
            return refusal.rebuild(message, dbDir);
        }
    }

    /**
     * The cluster could not run the execution: a process was lost, the processes disagree (on the
     * dataflow or the recovery options), the cluster did not form, a commit failed. Only the
     * failures found before any data flows (the processes disagree) are not {@code retryable}.
     */
    record ClusterFailure(String description, boolean retryable) implements Outcome {
        public ClusterFailure(String description) {
            this(description, true);
        }

        @Override
        public RuntimeException toException(Path dbDir) {
            return new WaxwingException(description);
        }
    }

    /** The kinds of {@link RecoveryException} a process may find, so every process throws the same one. */
    enum Refusal {
        NO_PARTITIONS, MISSING_PARTITIONS, INCONSISTENT_PARTITIONS, OTHER;

        static Refusal of(RecoveryException e) {
            if (e instanceof NoPartitionsException) {
                return NO_PARTITIONS;
            } else if (e instanceof MissingPartitionsException) {
                return MISSING_PARTITIONS;
            } else if (e instanceof InconsistentPartitionsException) {
                return INCONSISTENT_PARTITIONS;
            }
            return OTHER;
        }

        RecoveryException rebuild(String message, Path dbDir) {
            return switch (this) {
                case NO_PARTITIONS -> new NoPartitionsException(dbDir);
                case MISSING_PARTITIONS -> new MissingPartitionsException(message);
                case INCONSISTENT_PARTITIONS -> new InconsistentPartitionsException(message);
                case OTHER -> new RecoveryException(message);
            };
        }
    }
}
