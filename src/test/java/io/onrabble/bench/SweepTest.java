package io.onrabble.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The figures of a step, the sustainability verdict, the sweep's steps and what the report says. */
@Tag("fast")
class SweepTest {
    private final Sweep sweep = new Sweep(100, 1.5, 1000, Criteria.DEFAULT);

    /** A 10 s step at {@code rate}: 10 subscribers, {@code missing} deliveries lost, every latency {@code micros}. */
    private static StepResult step(double rate, long missing, long micros) {
        long sent = (long) rate * 10;
        var latency = new Histogram(3);
        long delivered = sent * 10 - missing;
        latency.recordValueWithCount(micros, Math.max(1, delivered));
        return new StepResult(1, rate, 10, sent, sent, 0, 0, 10, delivered, delivered, 0, latency);
    }

    @Test
    void lossIsTheShareOfExpectedDeliveriesThatNeverArrived() {
        var step = step(100, 100, 1000);
        assertThat(step.expected()).isEqualTo(10_000);
        assertThat(step.loss()).isEqualTo(0.01);
        assertThat(step.deliveriesPerSecond()).isEqualTo(990);
        assertThat(step.sentPerSecond()).isEqualTo(100);
    }

    @Test
    void aStepIsSustainableUpToOnePercentLossAndA200MsP99() {
        assertThat(Criteria.DEFAULT.met(step(100, 100, 150_000))).isTrue();
        assertThat(Criteria.DEFAULT.met(step(100, 101, 1000))).isFalse();
        assertThat(Criteria.DEFAULT.met(step(100, 0, 250_000))).isFalse();
        assertThat(Criteria.DEFAULT.met(step(100, 10_000, 1000))).as("nothing delivered").isFalse();
    }

    @Test
    void theSweepRaisesTheRateUntilAStepFailsOrTheMaximumIsReached() {
        assertThat(sweep.next(step(100, 0, 1000))).hasValue(150);
        assertThat(sweep.next(step(150, 0, 1000))).hasValue(225);
        assertThat(sweep.next(step(150, 0, 300_000))).isEmpty();
        assertThat(sweep.next(step(700, 0, 1000))).as("1050 would pass --sweep-max").isEmpty();
    }

    @Test
    void theHighestSustainableRateIsTheLastGoodStepBeforeTheFirstBadOne() {
        var steps = List.of(step(100, 0, 1000), step(150, 0, 5000), step(225, 500, 9000), step(338, 0, 1000));
        assertThat(sweep.best(steps)).hasValueSatisfying(best -> assertThat(best.rate()).isEqualTo(150));
        assertThat(sweep.best(List.of(step(100, 0, 900_000)))).isEmpty();
        assertThat(Report.sweep(steps, sweep.best(steps)))
                .startsWith("sweep: highest sustainable rate 150 msg/s = 1,500 deliveries/s (p99 5.00 ms, loss 0.00 %)");
        assertThat(Report.sweep(steps, sweep.best(List.of()))).contains("no step was sustainable");
    }

    @Test
    void theStepReportGivesRatesLossPercentilesAndTheVerdict() {
        var report = Report.step(step(100, 100, 2500), Criteria.DEFAULT);
        assertThat(report).contains("rate 100 msg/s for 10.0 s: sent 1000 (100 msg/s), deliveries 990/s, "
                + "loss 1.00 % (100 of 10000 expected deliveries missing)");
        assertThat(report).contains("latency p50 2.50 ms  p90 2.50 ms  p99 2.50 ms  p99.9 2.50 ms  max 2.50 ms  (9900 samples)");
        assertThat(report).contains("sustainable (loss ≤ 1.00 %, p99 ≤ 200.00 ms)").doesNotContain("NOT");
        assertThat(Report.step(step(100, 0, 300_000), Criteria.DEFAULT)).contains("NOT sustainable");
    }

    @Test
    void messagesNotSentAreExplainedByTheirCause() {
        var latency = new Histogram(3);
        latency.recordValue(1000);
        var step = new StepResult(1, 100, 10, 1000, 900, 60, 0, 10, 9000, 9000, 0, latency);
        assertThat(step.fellBehind()).isEqualTo(40);
        assertThat(Report.step(step, Criteria.DEFAULT)).contains("sent 900 (90 msg/s) of 1000 offered (60 held back: "
                + "the publishers' sockets pushed back (the server did not read); 40 dropped: this tool's schedule fell behind");
        assertThat(Report.step(step(100, 0, 1000), Criteria.DEFAULT)).doesNotContain("offered");
    }

    @Test
    void badSweepSettingsAreRefusedWithTheirOption() {
        assertThatThrownBy(() -> new Sweep(100, 1, 1000, Criteria.DEFAULT)).hasMessageContaining("--sweep-factor");
        assertThatThrownBy(() -> new Sweep(100, 2, 50, Criteria.DEFAULT)).hasMessageContaining("--sweep-max");
        assertThatThrownBy(() -> new Criteria(1, 1000)).hasMessageContaining("--max-loss");
    }
}
