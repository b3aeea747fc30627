package io.mlaops.model.data.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fortran-ordered and string arrays, as numpy writes them. */
class NpzFormatsTest {
    @TempDir Path dir;

    /**
     * The Python with numpy the project installs (.ci/install-services.sh); tests needing it fail
     * under CI=true without it.
     */
    static Path python() {
        Path python =
                Path.of("..", ".mla", "venvs", "test-python", "bin", "python")
                        .toAbsolutePath()
                        .normalize();
        Assumptions.assumeTrue(
                Files.isExecutable(python) || "true".equals(System.getenv("CI")),
                "no Python with numpy here (.ci/install-services.sh installs one)");
        return python;
    }

    static void runPython(String script) throws Exception {
        Process p =
                new ProcessBuilder(python().toString(), "-c", script)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        StringBuilder h =
                new StringBuilder(
                        "{'descr': '"
                                + descr
                                + "', 'fortran_order': "
                                + (fortran ? "True" : "False")
                                + ", 'shape': "
                                + shape
                                + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b =
                ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    private Path npz(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return Files.write(dir.resolve("x.npz"), out.toByteArray());
    }

    @Test
    void fortranOrderedArraysAreReturnedInCOrder() throws Exception {
        // the 2 x 3 matrix [[0, 1, 2], [3, 4, 5]] stored column by column: 0 3 1 4 2 5
        ByteBuffer f = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {0, 3, 1, 4, 2, 5}) {
            f.putFloat(v);
        }
        // a 2 x 2 x 2 int64 cube, element (i, j, k) = 100 i + 10 j + k, stored with i fastest
        ByteBuffer c = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    c.putLong(100L * i + 10L * j + k);
                }
            }
        }
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("m", npy("<f4", true, "(2, 3)", f.array()));
        e.put("cube", npy("<i8", true, "(2, 2, 2)", c.array()));
        Map<String, NpyArray> a = Npz.read(npz(e));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, (float[]) a.get("m").data());
        assertArrayEquals(
                new long[] {0, 1, 10, 11, 100, 101, 110, 111}, (long[]) a.get("cube").data());
    }

    @Test
    void stringArraysReadAndRoundTrip() throws Exception {
        ByteBuffer u = ByteBuffer.allocate(2 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String s : new String[] {"cat", "ox"}) {
            for (int i = 0; i < 3; i++) {
                u.putInt(i < s.length() ? s.charAt(i) : 0);
            }
        }
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("names", npy("<U3", false, "(2,)", u.array()));
        e.put(
                "bytes",
                npy("|S2", false, "(2,)", "ab".concat("c\0").getBytes(StandardCharsets.US_ASCII)));
        Map<String, NpyArray> a = Npz.read(npz(e));
        assertArrayEquals(new String[] {"cat", "ox"}, (String[]) a.get("names").data());
        assertArrayEquals(new String[] {"ab", "c"}, (String[]) a.get("bytes").data());
        Path back = dir.resolve("back.npz");
        Files.write(back, Npz.bytes(Map.of("n", NpyArray.strings(new String[] {"α", "beta"}))));
        assertArrayEquals(new String[] {"α", "beta"}, (String[]) Npz.read(back).get("n").data());
    }

    @Test
    void pickledObjectArraysAreExplained() throws Exception {
        Path p = npz(Map.of("names", npy("|O", false, "(2,)", new byte[16])));
        String m = assertThrows(DatasetValidationException.class, () -> Npz.read(p)).getMessage();
        assertTrue(m.contains("object (pickled) array") && m.contains("dtype=str"), m);
    }

    @Test
    void numpyFortranAndStringArraysAreRead() throws Exception {
        Path out = dir.resolve("np.npz");
        runPython(
                "import numpy as np\n"
                        + "x = np.arange(12, dtype=np.float64).reshape(3, 4)\n"
                        + "f = x[:, 1:3]\n" // a column slice of a C array is neither C- nor
                        // F-contiguous: savez copies it C-ordered
                        + "g = np.asfortranarray(x)\n"
                        + "assert g.flags['F_CONTIGUOUS'] and not g.flags['C_CONTIGUOUS']\n"
                        + "np.savez('"
                        + out
                        + "', f=f, g=g, label_names=np.array(['cat', 'dog', 'emu']))\n"
                        + "import zipfile; h = zipfile.ZipFile('"
                        + out
                        + "').read('g.npy')[:80]\n"
                        + "assert b\"'fortran_order': True\" in h, h\n");
        Map<String, NpyArray> a = Npz.read(out);
        assertArrayEquals(
                new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, (float[]) a.get("g").data());
        assertArrayEquals(new int[] {3, 4}, a.get("g").shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 9, 10}, (float[]) a.get("f").data());
        assertArrayEquals(
                new String[] {"cat", "dog", "emu"}, (String[]) a.get("label_names").data());
    }
}
