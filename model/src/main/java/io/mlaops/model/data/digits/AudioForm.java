package io.mlaops.model.data.digits;

/** How AV-digits stores its audio. */
public enum AudioForm {
    /**
     * 200 log-mel statistics: band means, standard deviations and thirds' means (the first form).
     */
    STATS,
    /**
     * The log-mel spectrogram [T, F]: {@link LogMel#SPECTROGRAM_FRAMES} time steps (the clip's 10
     * ms frames averaged into equal parts) x 40 mel bands.
     */
    SPECTROGRAM
}
