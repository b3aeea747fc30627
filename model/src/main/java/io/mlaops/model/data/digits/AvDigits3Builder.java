package io.mlaops.model.data.digits;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * av-digits-3: av-digits plus a {@code text} modality (the digit's number word in one of {@link
 * TextDigits#LANGUAGES}, spelled by ICU4J, with character noise), for three-modality and
 * missing-modality experiments. Same knobs and tool versions give the same content hash.
 */
public final class AvDigits3Builder {
    /** Default character noise: text is a weak-to-middling third modality. */
    public static final double DEFAULT_CHAR_NOISE = 0.45;

    private AvDigits3Builder() {}

    /**
     * @param cfg av-digits knobs (image, audio, sizes, seed)
     * @param charNoise probability that a character of the word is replaced by a random letter
     *     (0..1)
     * @param missingText fraction of samples of every split without text (0..1)
     * @param cache npm cache folder
     * @param progress samples done
     * @return the three-modality data set
     */
    public static MultimodalDataset build(
            AvDigitsConfig cfg,
            double charNoise,
            double missingText,
            Path cache,
            IntConsumer progress)
            throws IOException {
        if (!(charNoise >= 0 && charNoise <= 1)) {
            throw new IllegalArgumentException("text char noise " + charNoise + ": expected 0..1");
        }
        if (!(missingText >= 0 && missingText < 1)) {
            throw new IllegalArgumentException(
                    "missing text " + missingText + ": expected 0 <= fraction < 1");
        }
        MultimodalDataset av = AvDigitsBuilder.build(cfg, cache, progress);
        MultimodalDataset.Builder b = MultimodalDataset.builder("av-digits-3");
        av.modalities().forEach(b::modality);
        b.modality("text", TextDigits.DIM, "text");
        b.classNames(av.classNames());
        for (int s = 0; s < MultimodalDataset.SPLITS.size(); s++) {
            String name = MultimodalDataset.SPLITS.get(s);
            MultimodalSplit split = av.split(name);
            int n = split.size();
            float[] f = new float[n * TextDigits.DIM];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                SplittableRandom rnd =
                        new SplittableRandom(cfg.seed() * 7_919L + (s + 1) * 1_000_000_007L + i);
                present[i] = rnd.nextDouble() >= missingText;
                String w = TextDigits.noisyWord(split.labels()[i], charNoise, rnd);
                if (present[i]) {
                    TextDigits.features(w, f, i * TextDigits.DIM);
                }
            }
            b.split(
                    name,
                    split.toBuilder()
                            .modality("text", TextDigits.DIM, f)
                            .present("text", present)
                            .build());
        }
        av.provenance().forEach(b::provenance);
        b.provenance("builder", "av-digits-3/1");
        b.provenance("icu4j", TextDigits.icuVersion());
        b.provenance(
                "text",
                String.format(
                        Locale.ROOT,
                        "languages %s; char noise %.3f; missing %.3f",
                        String.join(" ", TextDigits.LANGUAGES),
                        charNoise,
                        missingText));
        return b.build();
    }
}
