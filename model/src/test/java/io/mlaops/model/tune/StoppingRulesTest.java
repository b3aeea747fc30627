package io.mlaops.model.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** ASHA and the median rule on hand-worked examples. */
class StoppingRulesTest {
    @Test
    void ashaRungsAreGraceTimesEtaToTheKUpToTheBudget() {
        assertEquals(List.of(1, 3, 9, 27), new Asha(1, 3, 27).rungs());
        assertEquals(List.of(2, 4, 8, 16), new Asha(2, 2, 20).rungs());
        assertEquals(List.of(1, 3, 9, 27, 81, 243), new Asha(1, 3, 243).rungs());
        assertEquals(List.of(5), new Asha(5, 4, 19).rungs());
        assertThrows(IllegalArgumentException.class, () -> new Asha(0, 3, 9));
        assertThrows(IllegalArgumentException.class, () -> new Asha(1, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> new Asha(10, 3, 9));
    }

    /**
     * ASHA(grace 1, eta 3, budget 9), cutoff = the 2/3 quantile of the scores recorded at the rung
     * before this one (NumPy's linear rule):
     *
     * <pre>
     *   A e1 0.50  rung 1: first                                 continue
     *   B e1 0.70  rung 1: cutoff of [0.5] = 0.5                 continue
     *   C e1 0.60  rung 1: [0.5 0.7] h = 2/3: 0.7 - 0.2/3 = 0.6333  stop
     *   D e1 0.65  rung 1: [0.5 0.6 0.7] h = 4/3: 0.6 + 0.1/3 = 0.6333  continue
     *   A e2 0.52  no new rung                                   continue
     *   A e3 0.55  rung 3: first                                 continue
     *   B e3 0.80  rung 3: [0.55] = 0.55                         continue
     *   D e3 0.60  rung 3: [0.55 0.8] h = 2/3: 0.8 - 0.25/3 = 0.7167  stop
     * </pre>
     */
    @Test
    void ashaStopsATrialBelowTheTopThirdOfItsRungSoFar() {
        Asha asha = new Asha(1, 3, 9);
        Asha.Record r = Asha.Record.empty();
        Object[][] steps = {
            {"A", 1, 0.50, false, Double.NaN},
            {"B", 1, 0.70, false, 0.5},
            {"C", 1, 0.60, true, 0.7 - 0.2 / 3},
            {"D", 1, 0.65, false, 0.6 + 0.1 / 3},
            {"A", 2, 0.52, false, Double.NaN},
            {"A", 3, 0.55, false, Double.NaN},
            {"B", 3, 0.80, false, 0.55},
            {"D", 3, 0.60, true, 0.8 - 0.25 / 3},
        };
        for (Object[] s : steps) {
            Asha.Outcome o = asha.onResult(r, (String) s[0], (Integer) s[1], (Double) s[2]);
            StopDecision d = o.decision();
            assertEquals(s[3], d.stop(), d.toString());
            assertEquals((Double) s[4], d.threshold(), 1e-12, d.reason());
            r = o.record();
        }
        assertEquals(Map.of("A", 0.5, "B", 0.7, "C", 0.6, "D", 0.65), r.at(1));
        assertEquals(Map.of("A", 0.55, "B", 0.8, "D", 0.6), r.at(3));
        StopDecision last = asha.onResult(Asha.Record.empty(), "X", 1, 0.1).decision();
        assertEquals("ASHA(grace 1, eta 3, budget 9)", last.rule());
    }

    @Test
    void ashaTiesContinueAndAScoreIsRecordedOncePerRung() {
        Asha asha = new Asha(1, 2, 4);
        Asha.Record r = asha.onResult(Asha.Record.empty(), "A", 1, 0.5).record();
        Asha.Outcome tie = asha.onResult(r, "B", 1, 0.5);
        assertFalse(tie.decision().stop(), tie.decision().reason());
        assertTrue(tie.decision().reason().contains(">= cutoff 0.5000"), tie.decision().reason());
        // A reports epoch 1 again (a retried epoch): no new rung, the record stays
        Asha.Outcome again = asha.onResult(tie.record(), "A", 1, 0.1);
        assertFalse(again.decision().stop());
        assertEquals(tie.record(), again.record());
    }

    @Test
    void ashaNeverJudgesAMissingScore() {
        Asha asha = new Asha(1, 3, 9);
        Asha.Record r = asha.onResult(Asha.Record.empty(), "A", 1, 0.9).record();
        Asha.Outcome o = asha.onResult(r, "B", 1, Double.NaN);
        assertFalse(o.decision().stop());
        assertEquals(r, o.record());
        assertTrue(o.decision().reason().contains("no validation score"));
        assertThrows(IllegalArgumentException.class, () -> asha.onResult(r, "B", 10, 0.1));
    }

    private static NavigableMap<Integer, Double> scores(double... perEpoch) {
        NavigableMap<Integer, Double> m = new TreeMap<>();
        for (int e = 0; e < perEpoch.length; e++) {
            m.put(e + 1, perEpoch[e]);
        }
        return m;
    }

    /**
     * median(warm-up 1, min_trials 2):
     *
     * <pre>
     *   A 0.50 0.60 0.70    B 0.40 0.50 0.55    C 0.30 0.45    D 0.90 0.10
     *   C at 1: within the warm-up                                  continue
     *   C at 2: best 0.45 < median(A 0.60, B 0.50, D 0.10) = 0.50    stop
     *   B at 2: best 0.50 >= median(0.60, 0.45, 0.10) = 0.45        continue
     *   D at 2: best so far 0.90 >= median(0.60, 0.50, 0.45) = 0.50  continue
     *   B at 3: one other trial (A) at epoch 3, fewer than 2        continue
     * </pre>
     */
    @Test
    void theMedianRuleComparesTheBestSoFarWithTheOthersAtThisEpoch() {
        Map<String, NavigableMap<Integer, Double>> s = new LinkedHashMap<>();
        s.put("A", scores(0.5, 0.6, 0.7));
        s.put("B", scores(0.4, 0.5, 0.55));
        s.put("C", scores(0.3, 0.45));
        s.put("D", scores(0.9, 0.1));
        MedianRule rule = new MedianRule(1, 2);
        assertFalse(rule.decide(s, "C", 1).stop());
        StopDecision c2 = rule.decide(s, "C", 2);
        assertTrue(c2.stop(), c2.reason());
        assertEquals(0.45, c2.score());
        assertEquals(0.5, c2.threshold());
        assertEquals(3, c2.compared());
        assertFalse(rule.decide(s, "B", 2).stop());
        assertEquals(0.45, rule.decide(s, "B", 2).threshold());
        StopDecision d2 = rule.decide(s, "D", 2);
        assertFalse(d2.stop());
        assertEquals(0.9, d2.score());
        StopDecision b3 = rule.decide(s, "B", 3);
        assertFalse(b3.stop());
        assertTrue(b3.reason().contains("fewer than 2"), b3.reason());
        // an even number of others: the mean of the two middle ones
        Map<String, NavigableMap<Integer, Double>> two = new LinkedHashMap<>();
        two.put("X", scores(0.4, 0.61));
        two.put("Y", scores(0.5, 0.7));
        two.put("Z", scores(0.5, 0.5));
        StopDecision x = new MedianRule(0, 2).decide(two, "X", 2);
        assertEquals(0.6, x.threshold(), 1e-12);
        assertFalse(x.stop(), "0.61 >= 0.6");
        assertTrue(new MedianRule(0, 1).decide(two, "Z", 2).stop(), "0.5 < median(0.61, 0.7)");
    }

    @Test
    void theMedianRuleNeverJudgesAMissingScoreAndChecksItsInput() {
        Map<String, NavigableMap<Integer, Double>> s = new LinkedHashMap<>();
        s.put("A", scores(0.5, 0.6));
        s.put("B", scores(Double.NaN, Double.NaN));
        s.put("C", scores(0.9, 0.9));
        MedianRule rule = new MedianRule(0, 1);
        assertFalse(rule.decide(s, "B", 2).stop());
        // B's NaN is left out of A's median: median(0.9) = 0.9
        assertEquals(0.9, rule.decide(s, "A", 2).threshold());
        assertThrows(IllegalArgumentException.class, () -> rule.decide(s, "A", 3));
        assertThrows(IllegalArgumentException.class, () -> new MedianRule(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new MedianRule(0, 0));
    }

    @Test
    void percentilesAreNumpysLinearRule() {
        assertEquals(2.5, Percentile.of(new double[] {4, 1, 3, 2}, 50), 0);
        assertEquals(1.0, Percentile.of(new double[] {1}, 66.6), 0);
        assertEquals(3.25, Percentile.of(new double[] {1, 2, 3, 4, Double.NaN}, 75), 0);
        assertTrue(Double.isNaN(Percentile.of(new double[] {Double.NaN}, 50)));
    }
}
