package io.waxwing.recovery.internal;

import java.nio.file.AccessDeniedException;
import java.sql.SQLException;

/**
 * What went wrong with a recovery partition's storage, in words: the database and the connection
 * pool wrap the operating system's reason ("No space left on device", "The file is locked") in
 * several layers of exceptions, and a user should read it in the last line, not find it in a stack
 * trace.
 */
final class StoreFault {
    /** H2's error codes (org.h2.api.ErrorCode), which the check of a partition's file tells apart. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_IO_EXCEPTION = 90028;
    private static final int H2_READ_ONLY = 90097;
    private static final int H2_FILE_VERSION_ERROR = 90048;
    private static final int H2_FILE_NOT_FOUND = 90146;

    private StoreFault() {
    }

    /**
     * The cause of {@code failure} in words, completing "recovery partition PATH ...", or
     * {@code null} when none of the known causes is in its chain.
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device")) {
                return "cannot be written: the disk is full (No space left on device); free some space on the disk"
                        + " that holds it and run again";
            }
            if (message.contains("Read-only file system")) {
                return "is read-only (Read-only file system): a recovery partition must be writable; mount its file"
                        + " system read-write, or copy the recovery directory to a writable place";
            }
            if (message.contains("The file is locked") || errorCode(t) == H2_DATABASE_ALREADY_OPEN) {
                return lockedByAnotherRun();
            }
            if (t instanceof AccessDeniedException || message.contains("Permission denied")) {
                return "cannot be accessed: permission denied (" + message + "); give this user read and write"
                        + " access to the recovery directory";
            }
        }
        return null;
    }

    static String lockedByAnotherRun() {
        return "is locked by another run: another process has it open (a second run on the same recovery"
                + " directory?); wait for that run to end, or stop it";
    }

    /**
     * Why H2 refused to open a partition's file read-only, in words; {@code header} tells whether
     * the file starts with an H2 store header at all.
     */
    static String describeOpen(SQLException e, boolean header) {
        String known = describe(e);
        if (known != null) {
            return known;
        }
        switch (e.getErrorCode()) {
            case H2_FILE_CORRUPTED:
                return header
                        ? "is damaged: the store header of journal.mv.db is corrupt; restore the partition from a backup"
                        : "is not a Waxwing recovery partition, or its header is corrupt: journal.mv.db does not start"
                                + " with an H2 store header; restore the partition from a backup";
            case H2_IO_EXCEPTION:
                return "is damaged: journal.mv.db cannot be read to its end (truncated?): " + root(e)
                        + "; restore the partition from a backup";
            case H2_READ_ONLY:
                // A read-only open fails this way when the database would have to repair the file first.
                return "is damaged: journal.mv.db can be opened only by repairing it (truncated or partly"
                        + " overwritten?); restore the partition from a backup";
            case H2_FILE_VERSION_ERROR:
                return "is not a Waxwing recovery partition of this version: journal.mv.db was written by an"
                        + " incompatible H2 database version (" + root(e) + ")";
            case H2_FILE_NOT_FOUND:
                return "has no journal.mv.db";
            default:
                return "cannot be opened: " + root(e);
        }
    }

    private static int errorCode(Throwable t) {
        return t instanceof SQLException s ? s.getErrorCode() : 0;
    }

    /** The innermost cause's message, where the database says what is wrong, on one line. */
    static String root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.toString() : root.getMessage();
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
