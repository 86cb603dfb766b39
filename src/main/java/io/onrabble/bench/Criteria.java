package io.onrabble.bench;

/** When a rate counts as sustainable: at most {@code maxLoss} (a fraction) lost, p99 at most {@code maxP99Micros}. */
record Criteria(double maxLoss, long maxP99Micros) {
    /** The definition: loss at most 1 %, p99 at most 200 ms. */
    static final Criteria DEFAULT = new Criteria(0.01, 200_000);

    Criteria {
        if (maxLoss < 0 || maxLoss >= 1) {
            throw new IllegalArgumentException("--max-loss must be at least 0 % and below 100 %");
        }
        if (maxP99Micros <= 0) {
            throw new IllegalArgumentException("--max-p99 must be positive");
        }
    }

    boolean met(StepResult step) {
        return step.delivered() > 0 && step.loss() <= maxLoss && step.latency().getValueAtPercentile(99) <= maxP99Micros;
    }
}
