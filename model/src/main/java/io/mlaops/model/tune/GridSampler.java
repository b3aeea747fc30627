package io.mlaops.model.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grid search: every combination of the dimensions' {@linkplain Dimension#points() points}, the
 * first dimension varying slowest. The number of trials must be the grid's size (a grid is not cut
 * short silently).
 */
public record GridSampler() implements Sampler {
    @Override
    public List<Trial> trials(SearchSpace space, int trials) {
        Sampler.checkCount(trials);
        long size = size(space);
        if (trials != size) {
            throw new IllegalArgumentException(
                    "a grid over "
                            + space.describe()
                            + " has "
                            + size
                            + " points: trials "
                            + trials
                            + " must be "
                            + size);
        }
        List<Dimension> dims = space.dimensions();
        List<List<String>> points = new ArrayList<>();
        dims.forEach(d -> points.add(d.points()));
        List<Trial> out = new ArrayList<>();
        int[] at = new int[dims.size()];
        for (int i = 0; i < trials; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int j = 0; j < dims.size(); j++) {
                values.put(
                        dims.get(j).name(), space.normalise(dims.get(j), points.get(j).get(at[j])));
            }
            out.add(new Trial(i, values));
            for (int j = dims.size() - 1; j >= 0; j--) {
                if (++at[j] < points.get(j).size()) {
                    break;
                }
                at[j] = 0;
            }
        }
        return out;
    }

    /**
     * @return the number of grid points (the product of the dimensions' point counts; 1 for an
     *     empty space)
     */
    public static long size(SearchSpace space) {
        long n = 1;
        for (Dimension d : space.dimensions()) {
            n *= d.points().size();
            if (n > Sampler.MAX_TRIALS) {
                return n;
            }
        }
        return n;
    }
}
