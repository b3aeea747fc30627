package io.mlaops.model.data.files;

import java.util.Arrays;
import java.util.Objects;

/**
 * One NumPy array as read from or written to a {@code .npy} entry: its dtype, C-order shape and
 * values widened to one of four Java types ({@code float[]} for floating point, {@code long[]} for
 * integers, {@code boolean[]} for {@code bool}, {@code String[]} for strings).
 *
 * @param dtype NumPy dtype string as stored, e.g. {@code <f4}, {@code <i8}, {@code |b1}
 * @param shape dimensions (C order)
 * @param data {@code float[]}, {@code long[]}, {@code boolean[]} or {@code String[]} with
 *     product(shape) values
 */
public record NpyArray(String dtype, int[] shape, Object data) {
    public NpyArray {
        Objects.requireNonNull(dtype);
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        int len =
                data instanceof float[] f
                        ? f.length
                        : data instanceof long[] l
                                ? l.length
                                : data instanceof boolean[] b
                                        ? b.length
                                        : data instanceof String[] x ? x.length : -1;
        if (len < 0) {
            throw new IllegalArgumentException(
                    "array data must be float[], long[], boolean[] or String[]");
        }
        if (len != n) {
            throw new IllegalArgumentException(
                    "array has " + len + " values for shape " + Arrays.toString(shape));
        }
    }

    /**
     * @return a float32 matrix rows x cols
     */
    public static NpyArray float32(float[] values, int rows, int cols) {
        return new NpyArray("<f4", new int[] {rows, cols}, values);
    }

    /**
     * @return a float32 array of {@code rows} samples of the given sample shape: {@code (rows,
     *     shape...)}
     */
    public static NpyArray float32(float[] values, int rows, java.util.List<Integer> shape) {
        int[] s = new int[shape.size() + 1];
        s[0] = rows;
        for (int i = 0; i < shape.size(); i++) {
            s[i + 1] = shape.get(i);
        }
        return new NpyArray("<f4", s, values);
    }

    /**
     * @return an int64 vector
     */
    public static NpyArray int64(long[] values) {
        return new NpyArray("<i8", new int[] {values.length}, values);
    }

    /**
     * @return a bool vector
     */
    public static NpyArray bool(boolean[] values) {
        return new NpyArray("|b1", new int[] {values.length}, values);
    }

    /**
     * @return a string vector (written as NumPy {@code <U})
     */
    public static NpyArray strings(String[] values) {
        return new NpyArray("<U", new int[] {values.length}, values);
    }

    /**
     * @return true for floating-point dtypes
     */
    public boolean isFloat() {
        return data instanceof float[];
    }

    /**
     * @return the number of values
     */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
