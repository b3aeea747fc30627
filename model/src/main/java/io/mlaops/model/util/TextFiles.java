package io.mlaops.model.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a user's text file (CSV, YAML spec or pipeline) as strict UTF-8: a file that is not text
 * (bytes that are not UTF-8, or NUL characters) is one {@link IllegalArgumentException} naming the
 * file, instead of the decoder's "Input length = 1". A leading byte-order mark is dropped.
 */
public final class TextFiles {
    private TextFiles() {}

    /**
     * @param file the file
     * @param what what the file should be, for the message (e.g. {@code "a YAML sweep spec"})
     * @return its text
     * @throws IllegalArgumentException if the file is missing, a folder, or not UTF-8 text
     * @throws IOException if it cannot be read
     */
    public static String read(Path file, String what) throws IOException {
        requireFile(file, what);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String text;
        try {
            text = decoder().decode(in).toString();
        } catch (CharacterCodingException e) {
            throw notText(
                    file,
                    what,
                    String.format(
                            "byte 0x%02x at offset %d",
                            bytes[in.position()] & 0xff, in.position()));
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw notText(file, what, "a NUL character at offset " + nul);
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * @param file the file
     * @param what what the file should be, for the message
     * @return a buffered reader whose reads throw {@link IllegalArgumentException} naming the file
     *     at the first byte that is not UTF-8 text
     * @throws IllegalArgumentException if the file is missing or a folder
     * @throws IOException if it cannot be opened
     */
    public static BufferedReader open(Path file, String what) throws IOException {
        requireFile(file, what);
        Reader strict = new InputStreamReader(Files.newInputStream(file), decoder());
        return new BufferedReader(new Checked(strict, file, what), 1 << 16);
    }

    private static void requireFile(Path file, String what) throws NoSuchFileException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder: expected " + what);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "file not found: " + file.toAbsolutePath() + " (expected " + what + ")");
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static IllegalArgumentException notText(Path file, String what, String where) {
        return new IllegalArgumentException(
                file + " is not a UTF-8 text file (" + where + "): expected " + what);
    }

    /**
     * Turns decoding errors and NUL characters into one clear error; drops a leading BOM. A plain
     * {@link Reader}: its single-character read and its skip go through {@link #read(char[], int,
     * int)}, so every character is checked.
     */
    private static final class Checked extends Reader {
        private final Reader in;
        private final Path file;
        private final String what;
        private long offset;

        Checked(Reader in, Path file, String what) {
            this.in = in;
            this.file = file;
            this.what = what;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buf, off, len);
            } catch (CharacterCodingException e) {
                throw notText(file, what, "invalid UTF-8 after character " + offset);
            }
            if (n <= 0) {
                return n;
            }
            for (int i = off; i < off + n; i++) {
                if (buf[i] == '\0') {
                    throw notText(file, what, "a NUL character at offset " + (offset + i - off));
                }
            }
            if (offset == 0 && buf[off] == '\uFEFF') {
                System.arraycopy(buf, off + 1, buf, off, n - 1);
                offset += 1;
                n -= 1;
                if (n == 0) {
                    return read(buf, off, len);
                }
            }
            offset += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
