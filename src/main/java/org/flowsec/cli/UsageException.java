package org.flowsec.cli;

/** A wrong argument found after parsing (a bad time, address or size): printed as one line, exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
