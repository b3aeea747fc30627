package io.mlaops.model.data.digits;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import java.util.Locale;
import java.util.Set;

/**
 * The missing-modality option of the builders: a seeded fraction of chosen splits lacks a modality.
 */
public final class MissingModalities {
    private MissingModalities() {}

    /**
     * Parses {@code MODALITY=FRACTION[@split+split...]} (default splits: all three), e.g. {@code
     * text=0.3@test} or {@code audio=0.5@train+validation}, and applies it.
     *
     * @return the data set where that fraction of the named splits lacks the modality
     */
    public static MultimodalDataset apply(MultimodalDataset ds, String option, long seed) {
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
            f = Double.parseDouble(frac);
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': fraction '"
                            + frac
                            + "' is not a number: expected 0..1");
        }
        if (ds.modality(m).isEmpty()) {
            throw new DatasetValidationException(
                    "--missing '"
                            + option
                            + "': unknown modality '"
                            + m
                            + "': expected one of "
                            + ds.modalityNames());
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
        MultimodalDataset.Builder b = ds.toBuilder();
        for (int k = 0; k < 3; k++) {
            String s = MultimodalDataset.SPLITS.get(k);
            if (splits.contains(s)) {
                b.split(s, ds.split(s).withMissing(m, f, seed * 31 + k * 7 + m.hashCode()));
            }
        }
        String prev = ds.provenance().getOrDefault("missing", "");
        b.provenance(
                "missing",
                (prev.isEmpty() ? "" : prev + "; ") + String.format(Locale.ROOT, "%s", option));
        return b.build();
    }
}
