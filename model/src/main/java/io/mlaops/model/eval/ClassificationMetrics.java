package io.mlaops.model.eval;

/** Accuracy, confusion matrix and macro-F1 of integer predictions. */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /**
     * @param predicted predictions
     * @param labels true labels
     * @param mask samples to count, or {@code null} for all
     * @return fraction correct among the counted samples (NaN when none is counted)
     */
    public static double accuracy(int[] predicted, int[] labels, boolean[] mask) {
        int correct = 0;
        int total = 0;
        for (int i = 0; i < labels.length; i++) {
            if (mask != null && !mask[i]) {
                continue;
            }
            total++;
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /**
     * @return confusion[true][predicted] counts
     */
    public static int[][] confusion(int[] predicted, int[] labels, int classes) {
        int[][] cm = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            cm[labels[i]][predicted[i]]++;
        }
        return cm;
    }

    /**
     * Macro-F1: the unweighted mean over classes of {@code 2 TP / (2 TP + FP + FN)}; a class with
     * no true and no predicted sample is left out of the mean.
     *
     * @param cm confusion matrix [true][predicted]
     * @return macro-F1 in [0, 1]
     */
    public static double macroF1(int[][] cm) {
        int c = cm.length;
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < c; k++) {
            long tp = cm[k][k];
            long fn = 0;
            long fp = 0;
            for (int j = 0; j < c; j++) {
                if (j != k) {
                    fn += cm[k][j];
                    fp += cm[j][k];
                }
            }
            long denom = 2 * tp + fp + fn;
            if (denom == 0) {
                continue;
            }
            sum += 2.0 * tp / denom;
            counted++;
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
