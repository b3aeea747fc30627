package io.mlaops.model.util;

import java.util.Locale;

/** Case-insensitive parsing of enum constants with an error that lists the allowed names. */
public final class EnumNames {
    private EnumNames() {}

    /**
     * @param type the enum
     * @param what what the value is, for the message (e.g. "method")
     * @param value the text to parse
     * @return the constant whose name equals {@code value} ignoring case
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
        E[] all = type.getEnumConstants();
        for (E e : all) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            if (i > 0) {
                allowed.append(i == all.length - 1 ? " or " : ", ");
            }
            allowed.append(all[i].name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(
                "unknown " + what + " '" + value + "': expected " + allowed);
    }
}
