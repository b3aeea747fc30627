package io.mlaops.model.data.digits;

/** The noise added to every spoken clip of av-digits. */
public enum AudioNoise {
    /** Gaussian white noise. */
    WHITE,
    /** Babble: the sum of five other clips (any digit, voices of the same split). */
    BABBLE
}
