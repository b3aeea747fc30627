package io.mlaops.infra.schedule;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cron expressions as Temporal Schedules take them: checked on the client before anything is
 * created, and the calendar the server stores (it keeps a cron as a structured calendar) printed
 * back as cron.
 *
 * <p>Accepted: five fields (minute hour day-of-month month day-of-week), each {@code *}, a number,
 * a range {@code a-b}, a step {@code * /n} or {@code a-b/n}, or a comma list of those; month and
 * day names ({@code JAN}, {@code MON}); {@code ?} for a day field; and {@code @yearly},
 * {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight},
 * {@code @hourly}. All times are UTC.
 */
final class CronCheck {
    private static final String[] FIELDS = {
        "minute", "hour", "day of month", "month", "day of week"
    };
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    private static final List<String> MACROS =
            List.of(
                    "@yearly",
                    "@annually",
                    "@monthly",
                    "@weekly",
                    "@daily",
                    "@midnight",
                    "@hourly");
    private static final Map<String, Integer> NAMES =
            Map.ofEntries(
                    Map.entry("JAN", 1),
                    Map.entry("FEB", 2),
                    Map.entry("MAR", 3),
                    Map.entry("APR", 4),
                    Map.entry("MAY", 5),
                    Map.entry("JUN", 6),
                    Map.entry("JUL", 7),
                    Map.entry("AUG", 8),
                    Map.entry("SEP", 9),
                    Map.entry("OCT", 10),
                    Map.entry("NOV", 11),
                    Map.entry("DEC", 12),
                    Map.entry("SUN", 0),
                    Map.entry("MON", 1),
                    Map.entry("TUE", 2),
                    Map.entry("WED", 3),
                    Map.entry("THU", 4),
                    Map.entry("FRI", 5),
                    Map.entry("SAT", 6));

    private CronCheck() {}

    /**
     * @param cron a cron expression
     * @throws IllegalArgumentException naming the field and value that are wrong and what is
     *     expected
     */
    static void check(String cron) {
        String c = cron == null ? "" : cron.trim();
        if (c.isEmpty()) {
            throw new IllegalArgumentException(
                    "--cron is empty: expected five fields 'minute hour day-of-month month day-of-week', e.g. '0 2 * * *'");
        }
        if (c.startsWith("@")) {
            if (!MACROS.contains(c.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "--cron '" + cron + "': unknown macro, expected one of " + MACROS);
            }
            return;
        }
        String[] f = c.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException(
                    "--cron '"
                            + cron
                            + "' has "
                            + f.length
                            + " fields: expected five, 'minute hour day-of-month month day-of-week', e.g. '0 2 * * *'");
        }
        for (int i = 0; i < 5; i++) {
            for (String part : f[i].split(",", -1)) {
                checkPart(cron, i, part);
            }
        }
    }

    private static void checkPart(String cron, int field, String part) {
        String where = "--cron '" + cron + "': " + FIELDS[field] + " '" + part + "'";
        if (part.isEmpty()) {
            throw new IllegalArgumentException(where + " is empty");
        }
        String range = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            range = part.substring(0, slash);
            int step = number(part.substring(slash + 1), where + ": the step");
            if (step < 1) {
                throw new IllegalArgumentException(where + ": the step must be at least 1");
            }
        }
        if (range.equals("*") || (range.equals("?") && (field == 2 || field == 4))) {
            return;
        }
        String[] ends = range.split("-", -1);
        if (ends.length > 2) {
            throw new IllegalArgumentException(where + ": expected a value or a range a-b");
        }
        int lo = value(ends[0], field, where);
        int hi = ends.length == 2 ? value(ends[1], field, where) : lo;
        if (lo > hi) {
            throw new IllegalArgumentException(where + ": the range starts after it ends");
        }
    }

    private static int value(String v, int field, String where) {
        Integer named = NAMES.get(v.toUpperCase(Locale.ROOT));
        int n;
        if (named != null
                && (field == 3 || field == 4)
                && (field == 3)
                        == v.toUpperCase(Locale.ROOT)
                                .matches("JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC")) {
            n = named;
        } else {
            n = number(v, where);
        }
        if (n < BOUNDS[field][0] || n > BOUNDS[field][1]) {
            throw new IllegalArgumentException(
                    where
                            + ": "
                            + n
                            + " is out of range "
                            + BOUNDS[field][0]
                            + "-"
                            + BOUNDS[field][1]);
        }
        return n;
    }

    private static int number(String v, String where) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + v + "' is not a number");
        }
    }

    /**
     * @return the calendar as a cron expression (seconds first when they are not just 0)
     */
    static String format(ScheduleCalendarSpec c) {
        List<String> out = new ArrayList<>();
        String sec = field(c.getSeconds(), 0, 59);
        if (!sec.equals("0")) {
            out.add(sec);
        }
        out.add(field(c.getMinutes(), 0, 59));
        out.add(field(c.getHour(), 0, 23));
        out.add(field(c.getDayOfMonth(), 1, 31));
        out.add(field(c.getMonth(), 1, 12));
        out.add(field(c.getDayOfWeek(), 0, 6));
        return String.join(" ", out);
    }

    private static String field(List<ScheduleRange> ranges, int min, int max) {
        if (ranges.isEmpty()) {
            return min == 0 && max == 59 ? "0" : "*";
        }
        List<String> parts = new ArrayList<>();
        for (ScheduleRange r : ranges) {
            int end = Math.max(r.getStart(), r.getEnd());
            int step = Math.max(1, r.getStep());
            if (r.getStart() == min && end >= max) {
                parts.add(step == 1 ? "*" : "*/" + step);
            } else if (end == r.getStart()) {
                parts.add(Integer.toString(r.getStart()));
            } else {
                parts.add(r.getStart() + "-" + end + (step == 1 ? "" : "/" + step));
            }
        }
        return String.join(",", parts);
    }
}
