package io.mlaops.model.data.files;

import io.mlaops.model.data.DatasetValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} (a zip of {@code .npy} files) without Python: reads what {@code numpy.savez}
 * and {@code savez_compressed} write (dtypes f4/f8, i1-i8, u1-u8, b1, and strings U and S; either
 * byte order; C or Fortran order, Fortran arrays are returned in C order), and writes float32,
 * int64, bool and string (U) arrays. Written files are byte-for-byte reproducible: fixed entry
 * times, fixed order.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([fiubUS])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip epoch

    private Npz() {}

    /**
     * @param file the .npz
     * @return arrays by name (without {@code .npy}), in file order
     * @throws NoSuchFileException if the file does not exist
     * @throws DatasetValidationException naming the file and entry for anything unreadable, and for
     *     arrays whose headers ask for more memory than {@link #budget()} (checked from the
     *     headers, before anything is decoded)
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        return read(file, budget());
    }

    /**
     * @return how many bytes the arrays of one file may take, raw and decoded together: half the
     *     largest heap this JVM may have, so that a small file that inflates to gigabytes (a zip
     *     bomb, or a header that lies) is refused instead of ending in an OutOfMemoryError
     */
    public static long budget() {
        return java.lang.Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * As {@link #read(Path)} with an explicit memory budget.
     *
     * @param budgetBytes bytes the file's arrays may take, raw and decoded together
     */
    public static Map<String, NpyArray> read(Path file, long budgetBytes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
                throw new DatasetValidationException(
                        file
                                + " is not an .npz (zip) file: expected an .npz written by numpy.savez");
            }
        }
        Map<String, NpyArray> out = new LinkedHashMap<>();
        long[] left = {budgetBytes};
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                out.put(
                        name.substring(0, name.length() - 4),
                        readNpy(zin, file + ":" + name, left, budgetBytes));
            }
        } catch (java.util.zip.ZipException e) {
            throw new DatasetValidationException(
                    file + " is not an .npz (zip) file: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new DatasetValidationException(
                    file + " holds no .npy arrays: expected an .npz written by numpy.savez");
        }
        return out;
    }

    /** What a {@code .npy} header says. */
    private record Header(
            int headerBytes, // magic, version, length and the header text
            String dtype,
            char kind,
            int width,
            ByteOrder order,
            boolean fortran,
            int[] shape,
            int count) {
        long itemBytes() {
            return kind == 'U' ? 4L * width : width;
        }

        long dataBytes() {
            return count * itemBytes();
        }

        /** Bytes the decoded Java array takes (strings: object, header and characters). */
        long decodedBytes() {
            return switch (kind) {
                case 'f' -> 4L * count;
                case 'i', 'u' -> 8L * count;
                case 'U', 'S' -> count * (56L + 2L * width);
                default -> count;
            };
        }
    }

    /**
     * Reads one array from a stream: the header first, then exactly the bytes its shape and dtype
     * need, and only when they fit the budget.
     */
    private static NpyArray readNpy(InputStream in, String where, long[] left, long budget)
            throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new DatasetValidationException(where + " is not a .npy array");
        }
        int major = pre[6];
        byte[] prefix = pre;
        if (major != 1) {
            prefix = Arrays.copyOf(pre, 12);
            if (in.readNBytes(prefix, 10, 2) < 2) {
                throw new DatasetValidationException(where + ": truncated .npy header");
            }
        }
        ByteBuffer bb = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen =
                major == 1
                        ? Short.toUnsignedInt(bb.getShort(8))
                        : Integer.toUnsignedLong(bb.getInt(8));
        if (headerLen > 1 << 20) {
            throw new DatasetValidationException(
                    where + ": a .npy header of " + headerLen + " bytes: expected a few hundred");
        }
        byte[] text = in.readNBytes((int) headerLen);
        if (text.length < headerLen) {
            throw new DatasetValidationException(where + ": truncated .npy header");
        }
        Header h = header(new String(text, StandardCharsets.ISO_8859_1), prefix.length, where);
        long need = h.dataBytes() + h.decodedBytes();
        if (need > left[0]) {
            throw new DatasetValidationException(
                    String.format(
                            Locale.ROOT,
                            "%s: shape %s of %s needs %.1f MB to read and decode, more than this"
                                    + " process allows for one file (%.1f MB, half its largest heap%s): expected"
                                    + " a smaller array, or more memory (-Xmx in MLA_JAVA_OPTS)",
                            where,
                            Arrays.toString(h.shape()),
                            h.dtype(),
                            need / 1e6,
                            budget / 1e6,
                            left[0] < budget ? ", less what earlier arrays took" : ""));
        }
        if (h.dataBytes() > Integer.MAX_VALUE - 8) {
            throw new DatasetValidationException(
                    where
                            + ": shape "
                            + Arrays.toString(h.shape())
                            + " holds "
                            + h.dataBytes()
                            + " bytes: expected at most 2 GB per array");
        }
        left[0] -= need;
        byte[] data = in.readNBytes((int) h.dataBytes());
        if (data.length < h.dataBytes()) {
            throw new DatasetValidationException(
                    where
                            + ": truncated: shape "
                            + Arrays.toString(h.shape())
                            + " needs "
                            + h.dataBytes()
                            + " bytes, has "
                            + data.length);
        }
        if (in.read() >= 0) {
            throw new DatasetValidationException(
                    where
                            + ": more bytes than shape "
                            + Arrays.toString(h.shape())
                            + " of "
                            + h.dtype()
                            + " holds: expected an array written by numpy");
        }
        return array(h, ByteBuffer.wrap(data).order(h.order()), where);
    }

    private static Header header(String header, int prefixBytes, String where) {
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (header.contains("'|O'")) {
            throw new DatasetValidationException(
                    where
                            + ": an object (pickled) array: expected numbers, bools or strings"
                            + " (for names: numpy.array(names, dtype=str))");
        }
        if (!d.find() || !f.find() || !s.find()) {
            throw new DatasetValidationException(
                    where
                            + ": unsupported .npy header "
                            + header.trim()
                            + " (expected a numeric, bool or string dtype)");
        }
        boolean fortran = f.group(1).equals("True");
        String[] dims = s.group(1).split(",");
        int[] shape;
        try {
            shape =
                    Arrays.stream(dims)
                            .map(String::trim)
                            .filter(x -> !x.isEmpty())
                            .mapToInt(Integer::parseInt)
                            .toArray();
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(where + ": unreadable shape (" + s.group(1) + ")");
        }
        long count = 1;
        for (int x : shape) {
            count *= x;
            if (x < 0 || count > Integer.MAX_VALUE) {
                throw new DatasetValidationException(
                        where + ": shape " + Arrays.toString(shape) + " is negative or too large");
            }
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = d.group(2).charAt(0);
        int width;
        try {
            width = Integer.parseInt(d.group(3));
        } catch (NumberFormatException e) {
            throw new DatasetValidationException(where + ": unreadable dtype width");
        }
        if (width < 1 || width > (kind == 'U' || kind == 'S' ? 1 << 16 : 8)) {
            throw new DatasetValidationException(where + ": dtype " + d.group(0) + " unsupported");
        }
        return new Header(
                prefixBytes + header.length(),
                d.group(1) + kind + width,
                kind,
                width,
                order,
                fortran,
                shape,
                (int) count);
    }

    private static NpyArray array(Header h, ByteBuffer data, String where) {
        NpyArray raw =
                decode(
                        data, h.kind(), h.width(), h.count(), h.shape(), h.dtype(), where,
                        h.order());
        return h.fortran() ? cOrder(raw) : raw;
    }

    private static NpyArray decode(
            ByteBuffer data,
            char kind,
            int width,
            int n,
            int[] shape,
            String dtype,
            String where,
            ByteOrder order) {
        switch (kind) {
            case 'f' -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] =
                            switch (width) {
                                case 4 -> data.getFloat(i * 4);
                                case 8 -> (float) data.getDouble(i * 8);
                                default ->
                                        throw new DatasetValidationException(
                                                where + ": float width " + width + " unsupported");
                            };
                }
                return new NpyArray(dtype, shape, v);
            }
            case 'i', 'u' -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] =
                            switch (width) {
                                case 1 ->
                                        kind == 'i'
                                                ? data.get(i)
                                                : Byte.toUnsignedLong(data.get(i));
                                case 2 ->
                                        kind == 'i'
                                                ? data.getShort(i * 2)
                                                : Short.toUnsignedLong(data.getShort(i * 2));
                                case 4 ->
                                        kind == 'i'
                                                ? data.getInt(i * 4)
                                                : Integer.toUnsignedLong(data.getInt(i * 4));
                                case 8 -> data.getLong(i * 8);
                                default ->
                                        throw new DatasetValidationException(
                                                where
                                                        + ": integer width "
                                                        + width
                                                        + " unsupported");
                            };
                }
                return new NpyArray(dtype, shape, v);
            }
            case 'U', 'S' -> {
                String[] v = new String[n];
                int bytes = kind == 'U' ? 4 * width : width;
                byte[] one = new byte[bytes];
                for (int i = 0; i < n; i++) {
                    data.get(i * bytes, one);
                    String x =
                            new String(
                                    one,
                                    kind == 'S'
                                            ? StandardCharsets.UTF_8
                                            : order == ByteOrder.BIG_ENDIAN
                                                    ? Charset.forName("UTF-32BE")
                                                    : Charset.forName("UTF-32LE"));
                    int end = x.length();
                    while (end > 0 && x.charAt(end - 1) == '\0') {
                        end--;
                    }
                    v[i] = x.substring(0, end);
                }
                return new NpyArray(dtype, shape, v);
            }
            default -> {
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = data.get(i) != 0;
                }
                return new NpyArray(dtype, shape, v);
            }
        }
    }

    /**
     * Fortran (column-major) values to C (row-major) order: element (i0, ..., ik) sits at i0 + d0
     * (i1 + d1 (...)).
     */
    private static NpyArray cOrder(NpyArray a) {
        int[] shape = a.shape();
        int n = a.size();
        int k = shape.length;
        if (k < 2) {
            return a;
        }
        int[] fStride = new int[k];
        fStride[0] = 1;
        for (int i = 1; i < k; i++) {
            fStride[i] = fStride[i - 1] * shape[i - 1];
        }
        int[] from = new int[n];
        int[] idx = new int[k];
        for (int c = 0; c < n; c++) {
            int off = 0;
            for (int i = 0; i < k; i++) {
                off += idx[i] * fStride[i];
            }
            from[c] = off;
            for (int i = k - 1; i >= 0; i--) { // next C-order index: the last axis moves fastest
                if (++idx[i] < shape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        Object src = a.data();
        Object dst;
        if (src instanceof float[] f) {
            float[] o = new float[n];
            for (int c = 0; c < n; c++) {
                o[c] = f[from[c]];
            }
            dst = o;
        } else if (src instanceof long[] l) {
            long[] o = new long[n];
            for (int c = 0; c < n; c++) {
                o[c] = l[from[c]];
            }
            dst = o;
        } else if (src instanceof boolean[] b) {
            boolean[] o = new boolean[n];
            for (int c = 0; c < n; c++) {
                o[c] = b[from[c]];
            }
            dst = o;
        } else {
            String[] x = (String[]) src;
            String[] o = new String[n];
            for (int c = 0; c < n; c++) {
                o[c] = x[from[c]];
            }
            dst = o;
        }
        return new NpyArray(a.dtype(), shape, dst);
    }

    /** Writes arrays (float32, int64, bool) as an uncompressed, reproducible .npz. */
    public static void write(OutputStream out, Map<String, NpyArray> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.DEFLATED);
        zip.setLevel(6);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            ZipEntry z = new ZipEntry(e.getKey() + ".npy");
            z.setTime(FIXED_TIME);
            zip.putNextEntry(z);
            zip.write(npy(e.getValue()));
            zip.closeEntry();
        }
        zip.finish();
    }

    static byte[] npy(NpyArray a) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(a.shape()[i])
                    .append(a.shape().length == 1 ? "," : i < a.shape().length - 1 ? ", " : "");
        }
        shape.append(")");
        int chars = 1;
        if (a.data() instanceof String[] strings) {
            for (String x : strings) {
                chars = Math.max(chars, x.codePointCount(0, x.length()));
            }
        }
        String dtype =
                a.data() instanceof float[]
                        ? "<f4"
                        : a.data() instanceof long[]
                                ? "<i8"
                                : a.data() instanceof String[] ? "<U" + chars : "|b1";
        StringBuilder header =
                new StringBuilder(
                        "{'descr': '"
                                + dtype
                                + "', 'fortran_order': False, 'shape': "
                                + shape
                                + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        int width =
                dtype.equals("|b1")
                        ? 1
                        : dtype.equals("<f4") ? 4 : dtype.startsWith("<U") ? 4 * chars : 8;
        ByteBuffer b =
                ByteBuffer.allocate(10 + header.length() + a.size() * width)
                        .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (a.data() instanceof float[] f) {
            for (float v : f) {
                b.putFloat(v);
            }
        } else if (a.data() instanceof long[] l) {
            for (long v : l) {
                b.putLong(v);
            }
        } else if (a.data() instanceof String[] strings) {
            for (String x : strings) {
                int[] cps = x.codePoints().toArray();
                for (int i = 0; i < chars; i++) {
                    b.putInt(i < cps.length ? cps[i] : 0);
                }
            }
        } else {
            for (boolean v : (boolean[]) a.data()) {
                b.put((byte) (v ? 1 : 0));
            }
        }
        return b.array();
    }

    /**
     * @return the .npz bytes of {@code arrays}
     */
    public static byte[] bytes(Map<String, NpyArray> arrays) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, arrays);
        return out.toByteArray();
    }
}
