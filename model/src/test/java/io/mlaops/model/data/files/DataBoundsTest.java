package io.mlaops.model.data.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.data.synthetic.SyntheticModality;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round two of "nothing lost": arrays are sized from their headers before anything is allocated (a
 * small file that inflates to gigabytes, or a header that lies, is refused in one line); a folder
 * is a data set only when its manifest is one of ours; a write that was killed is cleaned up by the
 * next one, which says so.
 */
class DataBoundsTest {
    @TempDir Path dir;

    /** One .npy entry: the header says {@code shape}, {@code zeros} bytes of zeros follow. */
    private Path npz(String name, String descr, String shape, long zeros) throws Exception {
        String header =
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("x.npy"));
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            pre.putShort((short) h.length());
            zip.write(pre.array());
            zip.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void aSmallFileThatInflatesToHundredsOfMegabytesIsRefusedFromItsHeader() throws Exception {
        long raw = 64L << 20; // 64 MB of zeros: a file of a few hundred KB
        Path bomb = npz("bomb.npz", "<f4", "(" + raw / 4 + ",)", raw);
        assertTrue(Files.size(bomb) < 1 << 20, "the test file should be small");
        String m =
                assertThrows(DatasetValidationException.class, () -> Npz.read(bomb, 32L << 20))
                        .getMessage();
        assertTrue(
                m.contains("bomb.npz:x.npy")
                        && m.contains("needs 134.2 MB")
                        && m.contains("-Xmx")
                        && m.lines().count() == 1,
                m);
        // the same file within the budget is read as it is: the check refuses only what is too big
        assertEquals(raw / 4, ((float[]) Npz.read(bomb, 1L << 30).get("x").data()).length);
    }

    @Test
    void aHeaderThatAsksForMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws Exception {
        Path liar = npz("liar.npz", "<f8", "(2147483647,)", 16);
        String m =
                assertThrows(DatasetValidationException.class, () -> Npz.read(liar)).getMessage();
        assertTrue(m.contains("(2147483647,)") || m.contains("[2147483647]"), m);
        assertTrue(m.contains("MB") || m.contains("2 GB"), m);
        Path trailing = npz("trailing.npz", "<f4", "(2,)", 64);
        assertTrue(
                assertThrows(DatasetValidationException.class, () -> Npz.read(trailing))
                        .getMessage()
                        .contains("more bytes than shape"));
    }

    private static MultimodalDataset set() {
        return SyntheticDatasetGenerator.generate(
                new SyntheticConfig(
                        3,
                        List.of(
                                new SyntheticModality("image", 4, 2.0, 1.0, 0, 0.0),
                                new SyntheticModality("audio", 3, 1.0, 1.0, 1, 0.2)),
                        1.0,
                        30,
                        9,
                        9,
                        1));
    }

    @Test
    void aBrokenManifestIsOneLineNamingTheFileAndPlace() throws Exception {
        Path ds = dir.resolve("ds");
        DatasetFiles.write(set(), ds, Map.of());
        Path manifest = ds.resolve("manifest.json");
        String good = Files.readString(manifest);
        Files.writeString(manifest, good.substring(0, good.length() / 2));
        String m =
                assertThrows(DatasetValidationException.class, () -> DatasetFiles.read(ds))
                        .getMessage();
        assertTrue(
                m.contains(manifest.toString())
                        && m.contains("line ")
                        && m.lines().count() == 1
                        && !m.contains("Source:")
                        && !m.contains("Exception"),
                m);
        Files.writeString(manifest, good.replaceAll("\"modalities\"", "\"modalitiez\""));
        m =
                assertThrows(DatasetValidationException.class, () -> DatasetFiles.read(ds))
                        .getMessage();
        assertTrue(m.contains("no valid 'modalities'"), m); // was a NullPointerException
    }

    @Test
    void aFolderIsADataSetOnlyWhenItsManifestIsOneOfOurs() throws Exception {
        Path target = dir.resolve("notes");
        Files.createDirectories(target);
        // the user's own manifest.json (and a file named like a split): not ours to delete
        Files.writeString(target.resolve("manifest.json"), "{\"name\": \"my packing list\"}");
        Files.writeString(target.resolve("train.npz"), "not an array");
        for (boolean force : new boolean[] {false, true}) {
            String m =
                    assertThrows(
                                    DatasetValidationException.class,
                                    () -> DatasetFiles.write(set(), target, "1", Map.of(), force))
                            .getMessage();
            assertTrue(
                    m.contains("not one of an mla data set") && m.contains("nothing was changed"),
                    m);
        }
        assertEquals(
                "{\"name\": \"my packing list\"}",
                Files.readString(target.resolve("manifest.json")));
        assertEquals("not an array", Files.readString(target.resolve("train.npz")));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void theNextWriteCleansUpAfterAKilledOneAndSaysSo() throws Exception {
        Path target = dir.resolve("set");
        long dead = deadPid();
        // a staging folder of a killed import, half written
        Path partial = Files.createDirectories(dir.resolve(".set.tmp-" + dead + "-123"));
        Files.writeString(partial.resolve("train.npz"), "half");
        // one of a live writer (this process): left alone
        Path live =
                Files.createDirectories(
                        dir.resolve(".set.tmp-" + ProcessHandle.current().pid() + "-456"));
        List<String> notes = DatasetFiles.recoverInterrupted(target);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("partial data set of an interrupted write"), notes.get(0));
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(live));
        Files.delete(live);

        // a replacement killed between its two renames: the old data set is renamed back
        Path old = dir.resolve(".set.old-" + dead + "-789");
        DatasetFiles.write(set(), old, Map.of());
        notes = DatasetFiles.recoverInterrupted(target);
        assertTrue(notes.get(0).startsWith("restored the data set " + target), notes.toString());
        assertEquals(DatasetFiles.read(target).name(), set().name());
        assertFalse(Files.exists(old));
        // and a write removes what a killed one left, by itself
        Path again = Files.createDirectories(dir.resolve(".set.tmp-" + dead + "-999"));
        Files.writeString(again.resolve("manifest.json"), "{}");
        DatasetFiles.write(set(), target, "1", Map.of(), true);
        assertFalse(Files.exists(again));
    }
}
