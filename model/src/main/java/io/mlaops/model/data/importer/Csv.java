package io.mlaops.model.data.importer;

import io.mlaops.model.data.DatasetValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One CSV line (RFC 4180 quoting within a line: {@code "a,b"}, {@code ""} for a quote). */
final class Csv {
    private Csv() {}

    static List<String> parseLine(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (ch != '\r') {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new DatasetValidationException(file + " row " + lineNo + " has an unterminated quote: expected a closing \"");
        }
        out.add(cur.toString());
        return out;
    }
}
