package io.mlaops.model.data.digits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Speech from Debian's {@code espeak-ng}: one word, one voice, to 16-bit PCM. */
public final class Espeak {
    private Espeak() {}

    /**
     * @return the installed version line, e.g. "eSpeak NG text-to-speech: 1.51 ..."
     * @throws ToolMissingException if espeak-ng is missing
     */
    public static String version() throws IOException {
        try {
            Process p =
                    new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            int cut = out.indexOf("  Data at");
            return cut > 0 ? out.substring(0, cut).trim() : out;
        } catch (IOException e) {
            throw new ToolMissingException(
                    "espeak-ng is not installed: install it with 'apt-get install -y espeak-ng'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * @param voice voice and variant, e.g. {@code en-gb+f2}
     * @param speed words per minute
     * @param pitch 0..99
     * @param text what to say
     * @return samples at {@link #sampleRate()} Hz, scaled to [-1, 1]
     */
    public static float[] say(String voice, int speed, int pitch, String text) throws IOException {
        Process p =
                new ProcessBuilder(
                                "espeak-ng",
                                "-v",
                                voice,
                                "-s",
                                Integer.toString(speed),
                                "-p",
                                Integer.toString(pitch),
                                "--stdout",
                                text)
                        .start();
        byte[] wav = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(
                        "espeak-ng failed for voice "
                                + voice
                                + ": "
                                + new String(p.getErrorStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return pcm(wav);
    }

    /**
     * @return espeak-ng's output sample rate
     */
    public static int sampleRate() {
        return 22050;
    }

    /**
     * Extracts the 16-bit PCM samples of a RIFF/WAVE byte stream (its sizes may be streaming
     * placeholders).
     */
    static float[] pcm(byte[] wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException("espeak-ng did not produce a WAVE stream");
        }
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x61746164) { // "data"
                int start = pos + 8;
                int n = (wav.length - start) / 2;
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(start + 2 * i) / 32768f;
                }
                return out;
            }
            pos += 8 + size;
        }
        throw new IOException("WAVE stream from espeak-ng has no data chunk");
    }
}
