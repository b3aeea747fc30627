package io.mlaops.model.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One tuned setting of a {@link SearchSpace}: a trainer setting or a method option, by its name,
 * with a type and either a range (numbers: {@code [low, high]}, both included, spread linearly or
 * logarithmically) or a list of values (any type). Values are produced as text in the option's
 * canonical form, as a cell takes them.
 *
 * <p>Sampling (each draw takes one uniform {@code u} in [0, 1)):
 *
 * <ul>
 *   <li>{@code double}, linear: {@code low + u (high - low)}; log: {@code exp(ln low + u (ln high -
 *       ln low))}; then rounded to {@link #DIGITS} significant digits (so a trial's settings read
 *       as written and the same draw is the same cell) and kept within the range;
 *   <li>{@code int}, linear: {@code low + floor(u (high - low + 1))}; log: {@code floor(exp(ln low
 *       + u (ln(high + 1) - ln low)))}, at most {@code high};
 *   <li>{@code choice}: {@code values[floor(u n)]}.
 * </ul>
 *
 * The grid of a range is {@link #grid()} points from low to high, evenly spaced on its scale
 * (rounded as above; an int grid drops repeated points); the grid of a list is the list.
 *
 * @param name the setting's name (a trainer setting or a recipe option)
 * @param type {@link Type#DOUBLE} or {@link Type#INT} for a range, {@link Type#CHOICE} for a list
 * @param low lower end of a range (NaN for a list)
 * @param high upper end of a range (NaN for a list)
 * @param scale spread of a range ({@link Scale#LINEAR} for a list)
 * @param values the list's values as written (empty for a range)
 * @param grid points of a range in a grid search, at least 2 (1 for a list: unused)
 */
public record Dimension(
        String name,
        Type type,
        double low,
        double high,
        Scale scale,
        List<String> values,
        int grid) {
    /** Significant digits a sampled {@code double} is rounded to. */
    public static final int DIGITS = 3;

    /** Grid points of a range when none is given. */
    public static final int DEFAULT_GRID = 3;

    /** Largest number of grid points or listed values of one dimension. */
    public static final int MAX_POINTS = 1000;

    /** The value types of a dimension. */
    public enum Type {
        /** A real range. */
        DOUBLE,
        /** An integer range. */
        INT,
        /** A list of values. */
        CHOICE;

        /**
         * @return the lower-case name used in specs
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @throws IllegalArgumentException naming the dimension and what is wrong
     */
    public Dimension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scale, "scale");
        values = List.copyOf(values);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "search space: '" + name + "' is not a setting name (snake_case expected)");
        }
        if (type == Type.CHOICE) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException(name + ": a list of values needs at least one");
            }
            if (values.size() > MAX_POINTS) {
                throw new IllegalArgumentException(
                        name + ": " + values.size() + " values, at most " + MAX_POINTS);
            }
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException(name + ": values " + values + " repeat one");
            }
        } else {
            if (!values.isEmpty()) {
                throw new IllegalArgumentException(
                        name + ": a " + type.id() + " range takes no list of values");
            }
            if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
                throw new IllegalArgumentException(
                        name
                                + ": range ["
                                + fmt(low)
                                + ", "
                                + fmt(high)
                                + "]: expected finite ends with low < high");
            }
            if (type == Type.INT && (low != Math.rint(low) || high != Math.rint(high))) {
                throw new IllegalArgumentException(
                        name
                                + ": an int range needs integer ends, not ["
                                + low
                                + ", "
                                + high
                                + "]");
            }
            if (scale == Scale.LOG && !(low > 0)) {
                throw new IllegalArgumentException(
                        name + ": a log range needs low > 0, not " + fmt(low));
            }
            if (grid < 2 || grid > MAX_POINTS) {
                throw new IllegalArgumentException(
                        name + ": grid of " + grid + " points: expected 2.." + MAX_POINTS);
            }
        }
    }

    /**
     * @return a real range with {@link #DEFAULT_GRID} grid points
     */
    public static Dimension real(String name, double low, double high, Scale scale) {
        return new Dimension(name, Type.DOUBLE, low, high, scale, List.of(), DEFAULT_GRID);
    }

    /**
     * @return an integer range with {@link #DEFAULT_GRID} grid points
     */
    public static Dimension integer(String name, int low, int high, Scale scale) {
        return new Dimension(name, Type.INT, low, high, scale, List.of(), DEFAULT_GRID);
    }

    /**
     * @param values the values, written as a spec writes them (numbers, words)
     * @return a list
     */
    public static Dimension choice(String name, List<?> values) {
        List<String> text = new ArrayList<>();
        values.forEach(v -> text.add(String.valueOf(v)));
        return new Dimension(name, Type.CHOICE, Double.NaN, Double.NaN, Scale.LINEAR, text, 1);
    }

    /**
     * @return a copy with another number of grid points (ranges only)
     */
    public Dimension withGrid(int points) {
        return new Dimension(name, type, low, high, scale, values, points);
    }

    /**
     * @param u a uniform draw in [0, 1)
     * @return the value as text (before the option's normalisation)
     */
    public String at(double u) {
        return switch (type) {
            case CHOICE -> values.get(Math.min(values.size() - 1, (int) (u * values.size())));
            case INT -> {
                long v =
                        scale == Scale.LOG
                                ? (long)
                                        Math.floor(
                                                Math.exp(
                                                        Math.log(low)
                                                                + u
                                                                        * (Math.log(high + 1)
                                                                                - Math.log(low))))
                                : (long) low + (long) Math.floor(u * (high - low + 1));
                yield Long.toString(Math.max((long) low, Math.min((long) high, v)));
            }
            case DOUBLE -> {
                double v =
                        scale == Scale.LOG
                                ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)))
                                : low + u * (high - low);
                yield Double.toString(round(v));
            }
        };
    }

    /**
     * @param rnd the generator of this draw
     * @return one sampled value as text
     */
    public String sample(SplittableRandom rnd) {
        return at(rnd.nextDouble());
    }

    /**
     * @return the grid's values as text, in order
     */
    public List<String> points() {
        if (type == Type.CHOICE) {
            return values;
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int k = 0; k < grid; k++) {
            double f = (double) k / (grid - 1);
            double v = scale == Scale.LOG ? low * Math.pow(high / low, f) : low + f * (high - low);
            if (k == grid - 1) {
                v = high; // exactly the end, whatever the rounding of the power
            }
            out.add(type == Type.INT ? Long.toString(Math.round(v)) : Double.toString(round(v)));
        }
        return List.copyOf(out);
    }

    /**
     * @return {@code v} rounded to {@link #DIGITS} significant digits, within the range
     */
    private double round(double v) {
        double r = new BigDecimal(v).round(new MathContext(DIGITS)).doubleValue();
        return Math.max(low, Math.min(high, r));
    }

    /**
     * @return the dimension as a spec writes it, e.g. {@code lr: double [1.0E-4, 0.01] log}
     */
    public String describe() {
        return switch (type) {
            case CHOICE -> name + ": one of " + values;
            case DOUBLE, INT ->
                    name
                            + ": "
                            + type.id()
                            + " ["
                            + fmt(low)
                            + ", "
                            + fmt(high)
                            + "] "
                            + scale.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
