package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded stratified assignment of rows to train (0), validation (1) and test (2). */
final class Splitter {
    private Splitter() {}

    static int[] stratified(int[] labels, int numClasses, double validation, double test, long seed, List<String> classNames,
            String source) {
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
            int nTest = Math.max(1, (int) Math.round(n * test));
            int nVal = n >= 3 ? Math.max(1, (int) Math.round(n * validation)) : 0;
            while (nTest + nVal >= n) { // keep at least one training sample per class
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

    static void requireAllSplits(int[] split, String source) {
        int[] counts = new int[3];
        for (int s : split) {
            counts[s]++;
        }
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            if (counts[s] == 0) {
                throw new DatasetValidationException(source + ": the " + names[s]
                        + " split is empty: expected rows in train, validation and test (more rows per class, or a split column)");
            }
        }
    }
}
