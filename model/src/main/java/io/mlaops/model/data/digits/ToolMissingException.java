package io.mlaops.model.data.digits;

/**
 * A system tool a builder needs is not installed; the message names the package and the command.
 */
public final class ToolMissingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ToolMissingException(String message) {
        super(message);
    }
}
