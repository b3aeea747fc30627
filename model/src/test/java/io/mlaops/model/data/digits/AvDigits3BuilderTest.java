package io.mlaops.model.data.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.model.data.DatasetFingerprint;
import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.eval.LinearProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The text modality and the three-modality variant. */
class AvDigits3BuilderTest {
    private static final Path CACHE =
            Path.of("..", ".mla", "cache", "npm").toAbsolutePath().normalize();

    @Test
    void numberWordsAreSpelledPerLanguage() {
        List<String> langs = Arrays.asList(TextDigits.LANGUAGES);
        assertEquals("seven", TextDigits.word(langs.indexOf("en"), 7));
        assertEquals("sieben", TextDigits.word(langs.indexOf("de"), 7));
        assertEquals("sept", TextDigits.word(langs.indexOf("fr"), 7));
        Set<String> distinct = new HashSet<>();
        for (int l = 0; l < langs.size(); l++) {
            for (int d = 0; d < 10; d++) {
                String w = TextDigits.word(l, d);
                assertTrue(
                        w.chars().anyMatch(Character::isLetter),
                        langs.get(l) + " " + d + " spelled '" + w + "'");
                distinct.add(w);
            }
        }
        assertTrue(
                distinct.size() > 100,
                "words of different languages mostly differ: " + distinct.size());
        // noise is seeded and changes characters
        String a = TextDigits.noisyWord(3, 0.5, new SplittableRandom(1));
        assertEquals(a, TextDigits.noisyWord(3, 0.5, new SplittableRandom(1)));
        float[] f = new float[TextDigits.DIM];
        TextDigits.features("seven", f, 0);
        double norm = 0;
        for (float v : f) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void pcaEnergyAndBabbleNoiseDegradeButKeepSignal() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/espeak-ng"))
                        || "true".equals(System.getenv("CI")),
                "espeak-ng missing (.ci/install-data-tools.sh)");
        AvDigitsConfig clean =
                AvDigitsConfig.builder()
                        .sizes(300, 30, 200)
                        .imageNoise(0)
                        .imageOcclusion(0)
                        .audioSnrDb(10)
                        .seed(2)
                        .build();
        AvDigitsConfig degraded =
                AvDigitsConfig.builder()
                        .sizes(300, 30, 200)
                        .imageNoise(0)
                        .imageOcclusion(0)
                        .imagePcaEnergy(0.3)
                        .audioSnrDb(-6)
                        .audioNoise(AudioNoise.BABBLE)
                        .seed(2)
                        .build();
        MultimodalDataset a = AvDigitsBuilder.build(clean, CACHE, n -> {});
        MultimodalDataset b = AvDigitsBuilder.build(degraded, CACHE, n -> {});
        int k = Integer.parseInt(b.provenance().get("image_pca_components"));
        assertTrue(k >= 1 && k < 20, "30 % of the energy needs few components, got " + k);
        double imgClean = LinearProbe.accuracy(a, "image", 0);
        double imgPca = LinearProbe.accuracy(b, "image", 0);
        double audClean = LinearProbe.accuracy(a, "audio", 0);
        double audBabble = LinearProbe.accuracy(b, "audio", 0);
        assertTrue(
                imgPca < imgClean && imgPca > 0.2,
                "image: clean " + imgClean + ", 30 % PCA energy " + imgPca);
        assertTrue(
                audBabble < audClean && audBabble > 0.15,
                "audio: +10 dB white " + audClean + ", -6 dB babble " + audBabble);
    }

    @Test
    void smallThreeModalityBuildWithMissingText() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/espeak-ng"))
                        || "true".equals(System.getenv("CI")),
                "espeak-ng missing (.ci/install-data-tools.sh)");
        AvDigitsConfig cfg = new AvDigitsConfig(300, 60, 200, 0.3, 6, -16, 0, 5);
        MultimodalDataset ds = AvDigits3Builder.build(cfg, 0.2, 0.25, CACHE, n -> {});
        assertEquals("av-digits-3", ds.name());
        assertEquals(List.of("image", "audio", "text"), ds.modalityNames());
        assertEquals(0.25, ds.test().missingRate("text"), 0.08);
        assertEquals(0.0, ds.test().missingRate("audio"));
        assertTrue(ds.provenance().get("icu4j").matches("\\d+\\..*"));
        assertTrue(LinearProbe.accuracy(ds, "text", 0) > 0.3, "text carries signal");
        // determinism: the AV part is checked by AvDigitsBuilderTest, the text is seeded per sample
        // (numberWords...)

        MultimodalDataset missing = MissingModalities.apply(ds, "audio=0.5@test", 0);
        assertEquals(0.5, missing.test().missingRate("audio"), 0.01);
        assertEquals(0.0, missing.train().missingRate("audio"));
        assertNotEquals(DatasetFingerprint.sha256(ds), DatasetFingerprint.sha256(missing));
        String m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> MissingModalities.apply(ds, "smell=0.5", 0))
                        .getMessage();
        assertTrue(m.contains("unknown modality 'smell'"), m);
        m =
                assertThrows(
                                DatasetValidationException.class,
                                () -> MissingModalities.apply(ds, "text=0.5@tset", 0))
                        .getMessage();
        assertTrue(m.contains("unknown split 'tset'"), m);
    }
}
