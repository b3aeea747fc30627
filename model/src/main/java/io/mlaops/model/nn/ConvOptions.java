package io.mlaops.model.nn;

import io.mlaops.model.options.OptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the list options of the convolutional encoders (channels or blocks per stage). */
final class ConvOptions {
    private ConvOptions() {}

    /**
     * @param o complete options
     * @param name a comma-separated integer option, one value per stage
     * @param what what a value counts, for the message ({@code channel counts})
     * @param max largest value
     * @param example a good value, for the message
     * @return its values
     * @throws IllegalArgumentException unless 1 to 6 values of 1..max
     */
    static List<Integer> perStage(
            Map<String, String> o, String name, String what, int max, String example) {
        List<Integer> out = new ArrayList<>();
        OptionSpec.split(o.get(name)).forEach(s -> out.add(Integer.parseInt(s)));
        if (out.isEmpty() || out.size() > 6 || out.stream().anyMatch(c -> c < 1 || c > max)) {
            throw new IllegalArgumentException(
                    name
                            + " '"
                            + o.get(name)
                            + "': expected 1 to 6 "
                            + what
                            + " of 1.."
                            + max
                            + ", e.g. "
                            + example);
        }
        return out;
    }
}
