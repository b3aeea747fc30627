package io.mlaops.infra.cli;

import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.train.TrainingMethod;
import picocli.CommandLine.Option;

/** Flags naming one trained configuration (shared by {@code train} and {@code run}). */
final class CellOptions {
    @Option(names = "--method", defaultValue = "mla", description = "mla, joint or unimodal. Default: ${DEFAULT-VALUE}")
    String method;

    @Option(names = "--hgm", description = "off, paper or code. Default: paper for mla, off otherwise")
    String hgm;

    @Option(names = "--modality", description = "The modality of --method unimodal")
    String modality;

    @Option(names = "--seed", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}")
    long seed;

    /** @return the validated trainer config: the shared training flags plus this cell */
    TrainerConfig config(TrainingOptions opts) {
        TrainingMethod m = TrainingMethod.parse(method);
        HgmVariant h = hgm == null ? (m == TrainingMethod.MLA ? HgmVariant.PAPER : HgmVariant.OFF) : HgmVariant.parse(hgm);
        return opts.trainerConfig().method(m).hgm(h).seed(seed).unimodalModality(modality == null ? "" : modality).build();
    }
}
