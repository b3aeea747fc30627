package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSV modality's column group, in one of these forms:
 *
 * <ul>
 *   <li>{@code a,b,c}: the named columns, in that order;
 *   <li>{@code first..last}: every header column from {@code first} to {@code last} (inclusive);
 *   <li>{@code first..last:step}: every {@code step}-th column of that range, starting at {@code
 *       first} (interleaved columns such as bands stored pixel by pixel);
 *   <li>names and ranges mixed: {@code id2,x1..x9:2};
 *   <li>{@code glob:PATTERN}: every header name matching the glob ({@code *}, {@code ?}, {@code
 *       [abc]}, {@code {a,b}}), in header order;
 *   <li>{@code regex:PATTERN}: every header name the Java regular expression matches as a whole, in
 *       header order (commas are part of the pattern).
 * </ul>
 *
 * A group that selects no column, or the label or split column, is an error naming it.
 */
final class ColumnSelector {
    private static final Pattern STEP = Pattern.compile("(.*\\S)\\s*:\\s*(\\d+)");

    private ColumnSelector() {}

    static int[] select(
            String modality,
            String spec,
            List<String> header,
            Map<String, Integer> index,
            Path csv) {
        List<Integer> cols = new ArrayList<>();
        String where = csv + ": modality '" + modality + "'";
        if (spec.startsWith("glob:") || spec.startsWith("regex:")) {
            boolean glob = spec.startsWith("glob:");
            String pattern = spec.substring(glob ? 5 : 6);
            if (pattern.isEmpty()) {
                throw new DatasetValidationException(
                        where + ": empty pattern: expected e.g. glob:x.* or regex:x\\.[0-9]+");
            }
            java.util.function.Predicate<String> matches;
            try {
                if (glob) {
                    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                    matches = h -> !h.contains("/") && m.matches(Path.of(h));
                } else {
                    Pattern p = Pattern.compile(pattern);
                    matches = h -> p.matcher(h).matches();
                }
            } catch (IllegalArgumentException e) { // PatternSyntaxException too
                throw new DatasetValidationException(
                        where
                                + ": bad pattern '"
                                + pattern
                                + "': "
                                + e.getMessage().lines().findFirst().orElse(""));
            }
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).isEmpty() || !safeMatch(matches, header.get(c))) {
                    continue;
                }
                cols.add(c);
            }
            if (cols.isEmpty()) {
                throw new DatasetValidationException(
                        where
                                + ": pattern '"
                                + spec
                                + "' matches no column: the header has "
                                + shown(header));
            }
            return toArray(cols);
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dots = p.indexOf("..");
            if (dots < 0) {
                cols.add(column(p, "modality '" + modality + "'", index, header, csv));
                continue;
            }
            String toPart = p.substring(dots + 2).trim();
            int step = 1;
            Matcher st = STEP.matcher(toPart);
            if (st.matches() && !index.containsKey(toPart)) {
                toPart = st.group(1);
                try {
                    step = Integer.parseInt(st.group(2));
                } catch (NumberFormatException e) {
                    step = 0;
                }
                if (step < 1) {
                    throw new DatasetValidationException(
                            where
                                    + ": range '"
                                    + p
                                    + "' has step "
                                    + st.group(2)
                                    + ": expected 1 or more");
                }
            }
            int from =
                    column(
                            p.substring(0, dots).trim(),
                            "modality '" + modality + "'",
                            index,
                            header,
                            csv);
            int to = column(toPart, "modality '" + modality + "'", index, header, csv);
            if (to < from) {
                throw new DatasetValidationException(
                        where
                                + " range '"
                                + p
                                + "' selects zero columns: '"
                                + header.get(to)
                                + "' comes before '"
                                + header.get(from)
                                + "' in the header");
            }
            for (int c = from; c <= to; c += step) {
                cols.add(c);
            }
        }
        if (cols.isEmpty()) {
            throw new DatasetValidationException(
                    csv
                            + ": modality '"
                            + modality
                            + "' has zero columns: expected name=col1..col9, name=a,b,c, name=x1..x99:4, name=glob:x.* or name=regex:...");
        }
        return toArray(cols);
    }

    private static boolean safeMatch(java.util.function.Predicate<String> m, String h) {
        try {
            return m.test(h);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    static int column(
            String name, String role, Map<String, Integer> index, List<String> header, Path csv) {
        Integer c = index.get(name);
        if (c == null) {
            throw new DatasetValidationException(
                    csv
                            + ": unknown column '"
                            + name
                            + "' ("
                            + role
                            + "): the header has "
                            + shown(header));
        }
        return c;
    }

    static String shown(List<String> header) {
        return header.size() <= 12
                ? String.join(", ", header)
                : String.join(", ", header.subList(0, 12))
                        + ", ... ("
                        + header.size()
                        + " columns)";
    }

    private static int[] toArray(List<Integer> cols) {
        return cols.stream().mapToInt(Integer::intValue).toArray();
    }
}
