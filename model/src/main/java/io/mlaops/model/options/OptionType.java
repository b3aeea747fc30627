package io.mlaops.model.options;

import java.util.Locale;

/**
 * The value types an {@link OptionSpec} can declare; each parses text and says what it expected.
 */
public enum OptionType {
    /** A 32-bit integer. */
    INT("an integer"),
    /** A 64-bit integer. */
    LONG("an integer"),
    /** A finite decimal number. */
    DOUBLE("a number"),
    /** true or false. */
    BOOLEAN("true or false"),
    /** Any text. */
    STRING("a text"),
    /** Comma-separated integers (may be empty). */
    INT_LIST("comma-separated integers, e.g. 128,64"),
    /** Comma-separated names (may be empty). */
    NAME_LIST("comma-separated names, e.g. b,a"),
    /** One of a fixed set of names (case-insensitive); the spec lists them. */
    CHOICE("one of the listed values");

    private final String expected;

    OptionType(String expected) {
        this.expected = expected;
    }

    /**
     * @return what a value of this type looks like, for error messages
     */
    public String expected() {
        return expected;
    }

    /**
     * @return the lower-case name used in help texts
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
