package io.mlaops.model.data.digits;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel features of a clip: Hann-windowed 512-sample frames every 220 samples (about 23 ms and 10
 * ms at 22.05 kHz), power spectrum by JTransforms' FFT, 40 triangular mel bands up to 8 kHz, {@code
 * log(energy + 1e-6)}; the clip is summarised by the mean and standard deviation of each band over
 * its frames, and the band means of each third of the clip (a coarse time shape): 40 + 40 + 120 =
 * 200 values.
 */
public final class LogMel {
    /** Feature size. */
    public static final int DIM = 200;

    /** Mel bands: the spectrogram's F. */
    public static final int BANDS = 40;

    /** Time steps of {@link #spectrogram}: the spectrogram's T. */
    public static final int SPECTROGRAM_FRAMES = 32;

    private static final int FRAME = 512;
    private static final int HOP = 220;

    private final DoubleFFT_1D fft = new DoubleFFT_1D(FRAME);
    private final double[][] filters;
    private final double[] window = new double[FRAME];

    /**
     * @param sampleRate sample rate of the clips
     */
    public LogMel(int sampleRate) {
        for (int i = 0; i < FRAME; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME - 1));
        }
        filters = new double[BANDS][FRAME / 2 + 1];
        double lo = mel(0);
        double hi = mel(Math.min(8000, sampleRate / 2.0));
        double[] centres = new double[BANDS + 2];
        for (int k = 0; k < centres.length; k++) {
            centres[k] = hz(lo + (hi - lo) * k / (BANDS + 1)) * FRAME / sampleRate;
        }
        for (int m = 0; m < BANDS; m++) {
            for (int bin = 0; bin <= FRAME / 2; bin++) {
                double left = centres[m];
                double mid = centres[m + 1];
                double right = centres[m + 2];
                double w =
                        bin < left || bin > right
                                ? 0
                                : bin <= mid
                                        ? (bin - left) / Math.max(1e-9, mid - left)
                                        : (right - bin) / Math.max(1e-9, right - mid);
                filters[m][bin] = Math.max(0, w);
            }
        }
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /**
     * @return the log-mel energies of {@code samples}, frames x {@link #BANDS}
     */
    private double[][] logMel(float[] samples) {
        int frames = Math.max(1, 1 + (samples.length - FRAME) / HOP);
        double[][] logmel = new double[frames][BANDS];
        double[] buf = new double[FRAME];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(buf, 0);
            for (int i = 0; i < FRAME; i++) {
                int idx = f * HOP + i;
                buf[i] = idx < samples.length ? samples[idx] * window[i] : 0;
            }
            fft.realForward(buf);
            double[] power = new double[FRAME / 2 + 1];
            power[0] = buf[0] * buf[0];
            power[FRAME / 2] = buf[1] * buf[1];
            for (int k = 1; k < FRAME / 2; k++) {
                power[k] = buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
            }
            for (int m = 0; m < BANDS; m++) {
                double e = 0;
                for (int k = 0; k <= FRAME / 2; k++) {
                    e += filters[m][k] * power[k];
                }
                logmel[f][m] = Math.log(e + 1e-6);
            }
        }
        return logmel;
    }

    /**
     * The log-mel spectrogram on a fixed time axis: the clip's frames split into {@code steps}
     * equal parts, each part's frames averaged (a clip of fewer frames repeats them), so every
     * clip, slow or fast, becomes {@code steps} x {@link #BANDS} values, row-major by time.
     *
     * @param samples the clip
     * @param steps T, at least 1
     * @return {@code steps * BANDS} values, {@code [t * BANDS + band]}
     */
    public float[] spectrogram(float[] samples, int steps) {
        double[][] logmel = logMel(samples);
        int frames = logmel.length;
        float[] out = new float[steps * BANDS];
        for (int t = 0; t < steps; t++) {
            int from = (int) ((long) t * frames / steps);
            int to = Math.max(from + 1, (int) ((long) (t + 1) * frames / steps));
            for (int m = 0; m < BANDS; m++) {
                double s = 0;
                for (int f = from; f < to; f++) {
                    s += logmel[Math.min(f, frames - 1)][m];
                }
                out[t * BANDS + m] = (float) (s / (to - from));
            }
        }
        return out;
    }

    /**
     * @return the {@link #DIM} features of {@code samples}
     */
    public float[] features(float[] samples) {
        double[][] logmel = logMel(samples);
        int frames = logmel.length;
        float[] out = new float[DIM];
        for (int m = 0; m < BANDS; m++) {
            double s = 0;
            double ss = 0;
            for (int f = 0; f < frames; f++) {
                s += logmel[f][m];
                ss += logmel[f][m] * logmel[f][m];
            }
            double mean = s / frames;
            out[m] = (float) mean;
            out[BANDS + m] = (float) Math.sqrt(Math.max(0, ss / frames - mean * mean));
            for (int part = 0; part < 3; part++) {
                int from = part * frames / 3;
                int to = Math.max(from + 1, (part + 1) * frames / 3);
                double ps = 0;
                for (int f = from; f < Math.min(to, frames); f++) {
                    ps += logmel[f][m];
                }
                out[2 * BANDS + part * BANDS + m] =
                        (float) (ps / Math.max(1, Math.min(to, frames) - from));
            }
        }
        return out;
    }
}
