package io.mlaops.model.data.digits;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;
import java.util.SplittableRandom;

/**
 * The text modality of av-digits-3: a digit's number word in one of several languages (ICU4J
 * spell-out rules), with character noise, as L2-normalised hashed counts of character unigrams,
 * bigrams and trigrams (with word-boundary marks).
 */
public final class TextDigits {
    /** Feature dimension. */
    public static final int DIM = 128;

    /** Languages whose spell-out words are used. */
    public static final String[] LANGUAGES = {
        "en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "pl", "cs", "tr", "fi", "hu", "ro",
        "id"
    };

    private static final String NOISE_ALPHABET = "abcdefghijklmnopqrstuvwxyz";
    private static final String[][] WORDS = new String[LANGUAGES.length][10];

    static {
        for (int l = 0; l < LANGUAGES.length; l++) {
            RuleBasedNumberFormat f =
                    new RuleBasedNumberFormat(
                            ULocale.forLanguageTag(LANGUAGES[l]), RuleBasedNumberFormat.SPELLOUT);
            for (int d = 0; d < 10; d++) {
                WORDS[l][d] = f.format(d).toLowerCase(java.util.Locale.ROOT);
            }
        }
    }

    private TextDigits() {}

    /**
     * @return the clean number word of {@code digit} in language number {@code language}
     */
    public static String word(int language, int digit) {
        return WORDS[language][digit];
    }

    /**
     * @return the ICU4J version that spelled the words (recorded in the provenance)
     */
    public static String icuVersion() {
        return com.ibm.icu.util.VersionInfo.ICU_VERSION.toString();
    }

    /**
     * @param digit 0..9
     * @param charNoise probability that each character is replaced by a random letter
     * @param rnd the sample's random source (language and noise)
     * @return the noisy word
     */
    public static String noisyWord(int digit, double charNoise, SplittableRandom rnd) {
        String w = WORDS[rnd.nextInt(LANGUAGES.length)][digit];
        StringBuilder sb = new StringBuilder(w.length());
        w.codePoints()
                .forEach(
                        c -> {
                            if (rnd.nextDouble() < charNoise) {
                                sb.append(
                                        NOISE_ALPHABET.charAt(
                                                rnd.nextInt(NOISE_ALPHABET.length())));
                            } else {
                                sb.appendCodePoint(c);
                            }
                        });
        return sb.toString();
    }

    /** Writes the hashed n-gram features of {@code text} into {@code out[off .. off + DIM)}. */
    public static void features(String text, float[] out, int off) {
        int[] cps = ("^" + text + "$").codePoints().toArray();
        double norm = 0;
        float[] v = new float[DIM];
        for (int n = 1; n <= 3; n++) {
            for (int i = 0; i + n <= cps.length; i++) {
                long h = 0xcbf29ce484222325L ^ n; // FNV-1a over the n code points
                for (int k = 0; k < n; k++) {
                    h = (h ^ cps[i + k]) * 0x100000001b3L;
                }
                v[(int) Long.remainderUnsigned(h, DIM)] += 1f;
            }
        }
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
        for (int j = 0; j < DIM; j++) {
            out[off + j] = v[j] * inv;
        }
    }
}
