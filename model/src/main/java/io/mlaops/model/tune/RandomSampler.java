package io.mlaops.model.tune;

import io.mlaops.model.train.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random search: trial i draws dimension j from its own generator of (seed, i, j), so a
 * trial's values do not depend on how many trials are drawn or on the other dimensions (adding
 * trials keeps the earlier ones; adding a dimension keeps the others' values).
 *
 * @param seed the search's seed
 */
public record RandomSampler(long seed) implements Sampler {
    private static final long PURPOSE = 0x54554e45L; // "TUNE"

    @Override
    public List<Trial> trials(SearchSpace space, int trials) {
        Sampler.checkCount(trials);
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            List<Dimension> dims = space.dimensions();
            for (int j = 0; j < dims.size(); j++) {
                Dimension d = dims.get(j);
                SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed, PURPOSE, i, j));
                values.put(d.name(), space.normalise(d, d.sample(rnd)));
            }
            out.add(new Trial(i, values));
        }
        return out;
    }
}
