package io.mlaops.model.data;

import java.util.regex.Pattern;

/**
 * The rule for a data set name that becomes a folder name ({@code $MLA_HOME/datasets/<name>}): 1 to
 * {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or a
 * digit. So a name never is empty, {@code .} or {@code ..}, never holds a path separator and never
 * starts with {@code -} (an option) or {@code .} (a hidden or temporary folder).
 */
public final class DatasetName {
    /** Longest accepted name. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private DatasetName() {}

    /**
     * @param name the candidate
     * @param flag what the user typed it as, for the message (e.g. {@code --name})
     * @return {@code name}
     * @throws DatasetValidationException naming the value and the rule when it breaks it
     */
    public static String require(String name, String flag) {
        if (name == null || name.isEmpty()) {
            throw new DatasetValidationException(flag + " is empty: " + RULE);
        }
        if (name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
            String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
            throw new DatasetValidationException(
                    flag + " '" + shown + "' is not a plain name: " + RULE);
        }
        return name;
    }

    /** The rule in words, for messages and help. */
    public static final String RULE =
            "expected 1 to "
                    + MAX_LENGTH
                    + " characters from letters, digits, '.', '_' and '-', starting with a letter or digit (no paths)";
}
