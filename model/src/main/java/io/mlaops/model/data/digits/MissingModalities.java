package io.mlaops.model.data.digits;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The missing-modality option of the builders: a seeded fraction of chosen splits lacks a modality.
 */
public final class MissingModalities {
    private MissingModalities() {}

    /**
     * A parsed {@code --missing} option.
     *
     * @param modality the modality that goes missing
     * @param fraction the fraction of rows that lack it, 0 <= f < 1
     * @param splits the splits it applies to
     */
    public record Missing(String modality, double fraction, Set<String> splits) {}

    /**
     * Parses {@code MODALITY=FRACTION[@split+split...]} (default splits: all three) and checks it
     * against the data set's modalities, before anything is built.
     *
     * @param option the option's text, e.g. {@code text=0.3@test}
     * @param modalities the modalities the data set will have
     * @return the parsed option
     * @throws DatasetValidationException naming what is wrong and what is expected
     */
    public static Missing parse(String option, List<String> modalities) {
        int eq = option.indexOf('=');
        if (eq <= 0) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': expected MODALITY=FRACTION[@split+split], e.g. text=0.3@test");
        }
        String m = option.substring(0, eq);
        String rest = option.substring(eq + 1);
        int at = rest.indexOf('@');
        String frac = at < 0 ? rest : rest.substring(0, at);
        Set<String> splits =
                at < 0
                        ? Set.copyOf(MultimodalDataset.SPLITS)
                        : Set.of(rest.substring(at + 1).split("\\+"));
        double f;
        try {
            f = io.mlaops.model.util.Decimals.parse(frac);
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': fraction '"
                            + frac
                            + "' is not a number: expected 0 <= fraction < 1");
        }
        if (!(f >= 0 && f < 1)) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': fraction "
                            + frac
                            + ": expected 0 <= fraction < 1");
        }
        if (!modalities.contains(m)) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': unknown modality '"
                            + m
                            + "': expected one of "
                            + modalities);
        }
        for (String s : splits) {
            if (!MultimodalDataset.SPLITS.contains(s)) {
                throw new DatasetValidationException(
                        "--missing '"
                                + option
                                + "': unknown split '"
                                + s
                                + "': expected train, validation or test");
            }
        }
        return new Missing(m, f, splits);
    }

    /**
     * Parses {@code MODALITY=FRACTION[@split+split...]} (default splits: all three), e.g. {@code
     * text=0.3@test} or {@code audio=0.5@train+validation}, and applies it.
     *
     * @return the data set where that fraction of the named splits lacks the modality
     */
    public static MultimodalDataset apply(MultimodalDataset ds, String option, long seed) {
        Missing p = parse(option, ds.modalityNames());
        String m = p.modality();
        MultimodalDataset.Builder b = ds.toBuilder();
        for (int k = 0; k < 3; k++) {
            String s = MultimodalDataset.SPLITS.get(k);
            if (p.splits().contains(s)) {
                b.split(
                        s,
                        ds.split(s).withMissing(m, p.fraction(), seed * 31 + k * 7 + m.hashCode()));
            }
        }
        String prev = ds.provenance().getOrDefault("missing", "");
        b.provenance(
                "missing",
                (prev.isEmpty() ? "" : prev + "; ") + String.format(Locale.ROOT, "%s", option));
        return b.build();
    }
}
