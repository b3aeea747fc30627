package io.mlaops.model.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir Path dir;

    @Test
    void binaryFilesAreNamedNotDecoderErrors() throws Exception {
        Path png =
                Files.write(
                        dir.resolve("img.yaml"),
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TextFiles.read(png, "a YAML spec"))
                        .getMessage();
        assertTrue(
                m.contains(png.toString())
                        && m.contains("not a UTF-8 text file")
                        && m.contains("0x89")
                        && m.contains("a YAML spec"),
                m);
        assertFalse(m.contains("Input length"), m);
        Path big = dir.resolve("big.csv");
        byte[] bytes = new byte[200_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        bytes[150_000] = (byte) 0xff;
        Files.write(big, bytes);
        try (BufferedReader r = TextFiles.open(big, "a CSV text file")) {
            m =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> {
                                        while (r.read() >= 0) {
                                            // read to the bad byte
                                        }
                                    })
                            .getMessage();
        }
        assertTrue(m.contains(big.toString()) && m.contains("not a UTF-8 text file"), m);
    }

    @Test
    void nulBytesAreNotText() throws Exception {
        Path p = Files.write(dir.resolve("z.csv"), new byte[] {'a', ',', 0, 'b', '\n'});
        String m =
                assertThrows(IllegalArgumentException.class, () -> TextFiles.read(p, "CSV"))
                        .getMessage();
        assertTrue(m.contains("NUL"), m);
        try (BufferedReader r = TextFiles.open(p, "CSV")) {
            assertThrows(IllegalArgumentException.class, r::readLine);
        }
        // skipping over the NUL checks it too
        try (BufferedReader r = TextFiles.open(p, "CSV")) {
            assertThrows(IllegalArgumentException.class, () -> r.skip(4));
        }
    }

    @Test
    void byteOrderMarkIsDroppedAndTextKept() throws Exception {
        Path p =
                Files.write(
                        dir.resolve("bom.csv"),
                        ("\uFEFFid,é\n1,2\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("id,é\n1,2\n", TextFiles.read(p, "CSV"));
        try (BufferedReader r = TextFiles.open(p, "CSV")) {
            assertEquals("id,é", r.readLine());
            assertEquals("1,2", r.readLine());
        }
    }

    @Test
    void missingFileAndFolderAreNamed() {
        String m =
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TextFiles.read(dir.resolve("nope.yaml"), "a spec"))
                        .getMessage();
        assertTrue(m.contains("file not found") && m.contains("nope.yaml"), m);
        m =
                assertThrows(IllegalArgumentException.class, () -> TextFiles.read(dir, "a spec"))
                        .getMessage();
        assertTrue(m.contains("is a folder"), m);
    }
}
