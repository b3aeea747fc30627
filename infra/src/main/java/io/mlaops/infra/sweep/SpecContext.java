package io.mlaops.infra.sweep;

import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import java.util.Objects;

/**
 * What reading a spec needs to check its data sets as the staging worker would: the kinds the
 * workers know and the home folder (where named data sets and caches live).
 *
 * @param kinds data set kinds
 * @param home the home folder
 */
public record SpecContext(DatasetKinds kinds, DatasetContext home) {
    public SpecContext {
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(home, "home");
    }
}
