package io.mlaops.model.data.kinds;

import io.mlaops.model.data.MultimodalDataset;
import io.mlaops.model.options.OptionSet;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A way to obtain a data set (a generator, a builder from packages, a folder), with the options it
 * declares once for {@code mla data build}, sweep specs and pipeline specs.
 */
public interface DatasetKind {
    /**
     * @return the kind's name, its key in {@link DatasetKinds} (e.g. {@code av-digits})
     */
    String id();

    /**
     * @return one line for help texts
     */
    String summary();

    /**
     * @return its options
     */
    OptionSet options();

    /**
     * @param ctx home folder (package caches)
     * @return the system tools building it here needs (checked before a sweep or demo starts); none
     *     by default
     */
    default List<io.mlaops.model.util.SystemTool> requiredTools(DatasetContext ctx) {
        return List.of();
    }

    /**
     * The data set's recipe: one canonical text holding everything that fixes its content (builder
     * version, options, source package versions and their checksums, tool versions), when the kind
     * can tell without building. Staging keys a staged version by it, so a data set is built once
     * per version and found again without building.
     *
     * @param options complete, canonical options
     * @param ctx home folder
     * @return the recipe, empty when only building can tell (a folder's content)
     * @throws IOException when a tool's version cannot be read
     */
    default java.util.Optional<String> recipe(Map<String, String> options, DatasetContext ctx)
            throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * @return whether {@code mla data build} can write it to a folder (built from packages)
     */
    default boolean buildable() {
        return false;
    }

    /**
     * Checks complete options without building (ranges, relations, that a folder holds a data set),
     * as the staging worker would before it builds.
     *
     * @param options complete, canonical options ({@link OptionSet#complete})
     * @param ctx home folder
     * @return the modality names the data set will have, in order
     * @throws IllegalArgumentException naming the option and what is expected
     */
    List<String> check(Map<String, String> options, DatasetContext ctx);

    /**
     * @param options complete, canonical options
     * @param ctx home folder and progress
     * @return the validated data set
     * @throws IllegalArgumentException for bad options or data (not retried)
     * @throws IOException when reading fails (retried)
     */
    MultimodalDataset build(Map<String, String> options, DatasetContext ctx) throws IOException;

    /**
     * A kind without options that always yields the same data set (tests). Its recipe is its id:
     * the data set it yields is fixed, so a staged version is found again without building (as a
     * plan needs).
     *
     * @param id its name
     * @param modalities its modality names
     * @param data the data set
     * @return the kind
     */
    static DatasetKind fixed(String id, List<String> modalities, Supplier<MultimodalDataset> data) {
        return new DatasetKind() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String summary() {
                return "a fixed data set";
            }

            @Override
            public OptionSet options() {
                return OptionSet.NONE;
            }

            @Override
            public List<String> check(Map<String, String> options, DatasetContext ctx) {
                return List.copyOf(modalities);
            }

            @Override
            public MultimodalDataset build(Map<String, String> options, DatasetContext ctx) {
                return data.get();
            }

            @Override
            public java.util.Optional<String> recipe(
                    Map<String, String> options, DatasetContext ctx) {
                return java.util.Optional.of("fixed " + id);
            }
        };
    }
}
