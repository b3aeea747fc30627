package io.mlaops.infra.cli;

import io.mlaops.model.train.CheckpointException;
import picocli.CommandLine;

/** Bad input: one line, exit 2. Anything else: one line, exit 1. Stack traces with MLA_DEBUG=1. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean badInput = ex instanceof IllegalArgumentException || ex instanceof CheckpointException
                || ex instanceof java.nio.file.NoSuchFileException;
        // one line, whatever the message quotes from the user's files (a class name with a line break)
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
