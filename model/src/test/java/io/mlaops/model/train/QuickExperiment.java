package io.mlaops.model.train;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.data.synthetic.SyntheticConfig;
import io.mlaops.model.data.synthetic.SyntheticDatasetGenerator;
import io.mlaops.model.eval.EvaluationConfig;
import io.mlaops.model.eval.EvaluationReport;
import io.mlaops.model.hgm.HgmVariant;

/** Manual experiment runner (not a test). */
public final class QuickExperiment {
    public static void main(String[] args) {
        int epochs = Integer.parseInt(args[0]);
        MultimodalDataset ds = SyntheticDatasetGenerator.generate(new SyntheticConfig(10, java.util.List.of(
                new io.mlaops.model.data.synthetic.SyntheticModality("a", Integer.parseInt(args[1]), Double.parseDouble(args[2]), Double.parseDouble(args[3]), 0, 0),
                new io.mlaops.model.data.synthetic.SyntheticModality("b", Integer.parseInt(args[4]), Double.parseDouble(args[5]), Double.parseDouble(args[6]), 1, 0)),
                1.0, Integer.parseInt(args[7]), 1000, 2000, 0));
        String[][] runs = {{"mla", "off"}, {"mla", "paper"}, {"mla", "code"}, {"joint", "off"}, {"unimodal-a", "off"}, {"unimodal-b", "off"}};
        for (String[] r : runs) {
            TrainerConfig.Builder b = TrainerConfig.builder().epochs(epochs).seed(0);
            if (r[0].startsWith("unimodal")) {
                b.method(TrainingMethod.UNIMODAL).unimodalModality(r[0].substring(9));
            } else {
                b.method(TrainingMethod.parse(r[0])).hgm(HgmVariant.parse(r[1]));
            }
            long t = System.nanoTime();
            try (TrainingSession s = TrainingSession.create(b.build(), ds)) {
                s.run(TrainingListener.NONE);
                EvaluationReport rep = s.evaluate(EvaluationConfig.defaults());
                System.out.printf("%-12s %-6s fixed %.4f df %.4f per %s gap %.3f  (%.1fs)%n", r[0], r[1], rep.fixedAccuracy(),
                        rep.dynamicAccuracy(), rep.modalityAccuracy(), rep.modalityGap(), (System.nanoTime() - t) / 1e9);
            }
        }
    }
}
