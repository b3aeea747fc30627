package io.mlaops.model.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Selection on validation while training runs: after every epoch the session offers the epoch's
 * validation score; a strictly higher score than every earlier one (so ties keep the earliest
 * epoch) makes this epoch the best and copies the model's state (every parameter the evaluation
 * needs). A NaN score (no validation split) is never selected. The best epoch, its score and its
 * state are part of the checkpoint, so a resumed run selects exactly what an uninterrupted one
 * does.
 */
final class BestEpoch {
    private int epoch = -1;
    private double score = Double.NaN;
    private Map<String, float[]> state = Map.of();

    /**
     * @param finished zero-based epoch just finished
     * @param validationScore its validation score (NaN: none)
     * @param snapshot copies the model's state, called only when the epoch becomes the best
     * @return whether it did
     */
    boolean offer(int finished, double validationScore, Supplier<Map<String, float[]>> snapshot) {
        if (Double.isNaN(validationScore) || (epoch >= 0 && !(validationScore > score))) {
            return false;
        }
        epoch = finished;
        score = validationScore;
        state = Collections.unmodifiableMap(new LinkedHashMap<>(snapshot.get()));
        return true;
    }

    /**
     * @return the zero-based best epoch, or -1 when none had a validation score
     */
    int epoch() {
        return epoch;
    }

    /**
     * @return its score (NaN when none)
     */
    double score() {
        return score;
    }

    /**
     * @return the model's state at the end of that epoch, by parameter name (empty when none)
     */
    Map<String, float[]> state() {
        return state;
    }

    void write(DataOutputStream o) throws IOException {
        o.writeInt(epoch);
        o.writeDouble(score);
        o.writeInt(state.size());
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            o.writeUTF(e.getKey());
            TrainingSession.writeFloats(o, e.getValue());
        }
    }

    void read(DataInputStream i) throws IOException {
        epoch = i.readInt();
        score = i.readDouble();
        int n = i.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new CheckpointException("corrupt checkpoint: best state of " + n + " arrays");
        }
        Map<String, float[]> s = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            s.put(i.readUTF(), TrainingSession.readFloats(i));
        }
        if (epoch < -1 || (epoch >= 0) != !s.isEmpty()) {
            throw new CheckpointException(
                    "corrupt checkpoint: best epoch " + epoch + " with " + n + " state arrays");
        }
        state = Collections.unmodifiableMap(s);
    }
}
