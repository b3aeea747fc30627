package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded stratified assignment of rows to train (0), validation (1) and test (2). */
final class Splitter {
    private Splitter() {}

    /**
     * Per class, shuffles the rows (Fisher-Yates, one generator seeded with {@code seed}) and sends
     * {@code round(n * test)} (at least 1 when {@code test > 0}) to test and {@code round(n *
     * validation)} (at least 1 when {@code validation > 0} and the class has 3 or more rows) to
     * validation, always keeping one training row per class.
     */
    static int[] stratified(
            int[] labels, int numClasses, double validation, double test, long seed) {
        int[] split = new int[labels.length];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < numClasses; c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    rows.add(i);
                }
            }
            for (int i = rows.size() - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                Integer t = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, t);
            }
            int n = rows.size();
            int nTest = test > 0 ? Math.max(1, (int) Math.round(n * test)) : 0;
            int nVal = validation > 0 && n >= 3 ? Math.max(1, (int) Math.round(n * validation)) : 0;
            while (nTest + nVal >= n
                    && nTest + nVal > 0) { // keep at least one training sample per class
                if (nVal > 0) {
                    nVal--;
                } else {
                    nTest--;
                }
            }
            for (int k = 0; k < n; k++) {
                split[rows.get(k)] = k < nTest ? 2 : k < nTest + nVal ? 1 : 0;
            }
        }
        return split;
    }

    /**
     * @throws DatasetValidationException if train or test has no row (validation may be empty)
     */
    static void requireTrainAndTest(int[] split, String source, String howTest) {
        int[] counts = new int[3];
        for (int s : split) {
            counts[s]++;
        }
        if (counts[0] == 0) {
            throw new DatasetValidationException(
                    source + ": the train split is empty: expected training rows");
        }
        if (counts[2] == 0) {
            throw new DatasetValidationException(
                    source + ": the test split is empty: expected test rows (" + howTest + ")");
        }
    }
}
