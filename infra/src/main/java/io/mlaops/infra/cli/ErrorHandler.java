package io.mlaops.infra.cli;

import io.mlaops.model.train.CheckpointException;
import picocli.CommandLine;

/** Bad input: one line, exit 2. Anything else: one line, exit 1. Stack traces with MLA_DEBUG=1. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        // a missing tool is named with its install command, like bad input: fix it and run again
        boolean badInput =
                ex instanceof IllegalArgumentException
                        || ex instanceof CheckpointException
                        || ex instanceof java.nio.file.NoSuchFileException
                        || ex instanceof io.mlaops.model.data.digits.ToolMissingException;
        // one line, whatever the message quotes from the user's files (a class name with a line
        // break)
        String line = message(ex).replace("\r", "\\r").replace("\n", "\\n");
        cl.getErr().println("mla: " + (badInput ? "" : "failed: ") + line);
        if ("1".equals(System.getenv("MLA_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
        return badInput ? 2 : 1;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + m;
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
