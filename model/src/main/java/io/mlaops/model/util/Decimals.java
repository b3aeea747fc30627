package io.mlaops.model.util;

import java.util.regex.Pattern;

/**
 * Numbers as people write them in data files, specs and flags: an optional sign, digits with an
 * optional decimal point, an optional exponent ({@code -1.5}, {@code .5}, {@code 2e-3}). Java's own
 * parser also takes hexadecimal floats ({@code 0x1p3} = 8), type suffixes ({@code 1.5f}, {@code
 * 2d}), surrounding blanks and the words {@code NaN} and {@code Infinity}; a CSV cell or a flag
 * written that way is far more likely a mistake than a number, so it is refused.
 */
public final class Decimals {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Decimals() {}

    /**
     * @param s a text
     * @return whether it is a plain decimal number
     */
    public static boolean isDecimal(String s) {
        return s != null && DECIMAL.matcher(s).matches();
    }

    /**
     * @param s a plain decimal number
     * @return its value (may be infinite when out of double's range)
     * @throws NumberFormatException when {@code s} is not a plain decimal number
     */
    public static double parse(String s) {
        if (!isDecimal(s)) {
            throw new NumberFormatException("not a decimal number: '" + s + "'");
        }
        return Double.parseDouble(s);
    }
}
