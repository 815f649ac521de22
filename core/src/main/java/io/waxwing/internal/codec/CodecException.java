package io.waxwing.internal.codec;

import io.waxwing.errors.WaxwingException;

/**
 * A value that {@link StateCodec} cannot encode (the message names its type and the step that
 * holds it), or bytes it cannot decode. The recovery store reports it as a
 * {@code RecoveryException}; the cluster's wire codec as an item that cannot cross processes.
 */
public final class CodecException extends WaxwingException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
