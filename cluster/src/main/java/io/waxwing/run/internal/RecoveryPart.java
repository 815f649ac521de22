package io.waxwing.run.internal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.waxwing.recovery.runtime.ShareReport;

/**
 * The part of the recovery store a process brings to the execution, as it registers: none of its
 * own (no recovery, or a store it opened whole), its share of partitions spread over the
 * processes, or the reason it could not open that share.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "part")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RecoveryPart.NotSpread.class, name = "not-spread"),
    @JsonSubTypes.Type(value = RecoveryPart.Opened.class, name = "opened"),
    @JsonSubTypes.Type(value = RecoveryPart.Refused.class, name = "refused")})
public sealed interface RecoveryPart {

    /** Whether the process runs with partitions spread over the processes. */
    boolean spread();

    /** No recovery, or a store this process opened whole. */
    record NotSpread() implements RecoveryPart {
        @Override
        public boolean spread() {
            return false;
        }
    }

    /** The share this process opened. */
    record Opened(ShareReport report) implements RecoveryPart {
        @Override
        public boolean spread() {
            return true;
        }
    }

    /** This process could not open its share. */
    record Refused(Outcome.Refusal refusal, String message) implements RecoveryPart {
        @Override
        public boolean spread() {
            return true;
        }
    }
}
