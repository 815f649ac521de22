package io.waxwing.errors;

/**
 * The root of Waxwing's own unchecked exceptions: recovery problems, configuration problems and
 * failed executions all extend it, so {@code catch (WaxwingException e)} catches what Waxwing raises.
 */
public class WaxwingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WaxwingException(String message) {
        super(message);
    }

    public WaxwingException(String message, Throwable cause) {
        super(message, cause);
    }
}
