package io.mlaops.model.data.importer;

import java.util.List;
import java.util.Map;

/**
 * The rows one import file holds, before they become splits.
 *
 * @param source the file, for messages
 * @param features per modality, row-major {@code n x d} values (absent rows all zero)
 * @param dims per modality, the feature dimension d
 * @param masks per modality, whether each row has it
 * @param labels each row's label as written (a class name or an integer)
 * @param rows each row's line (CSV) or index (NPZ), for messages
 * @param split each row's split (0 train, 1 validation, 2 test), or null when the file gives none
 * @param labelNames class names the file itself carries (NPZ {@code label_names}), or empty
 * @param provenance source file facts for the manifest
 * @param shapes per modality, the sample shape ({@code [d]} for a vector; an NPZ array of rank 3 or
 *     4 keeps its {@code [T, F]} or {@code [C, H, W]})
 */
record Table(
        String source,
        Map<String, float[]> features,
        Map<String, Integer> dims,
        Map<String, boolean[]> masks,
        String[] labels,
        long[] rows,
        int[] split,
        List<String> labelNames,
        Map<String, String> provenance,
        Map<String, List<Integer>> shapes) {
    /** Vectors only (CSV): every modality's shape is {@code [d]}. */
    Table(
            String source,
            Map<String, float[]> features,
            Map<String, Integer> dims,
            Map<String, boolean[]> masks,
            String[] labels,
            long[] rows,
            int[] split,
            List<String> labelNames,
            Map<String, String> provenance) {
        this(
                source,
                features,
                dims,
                masks,
                labels,
                rows,
                split,
                labelNames,
                provenance,
                vectorShapes(dims));
    }

    private static Map<String, List<Integer>> vectorShapes(Map<String, Integer> dims) {
        Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        dims.forEach((m, d) -> out.put(m, List.of(d)));
        return out;
    }

    int size() {
        return labels.length;
    }
}
