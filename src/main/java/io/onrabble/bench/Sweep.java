package io.onrabble.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Raises the offered rate by {@code factor} per step from {@code start} until a step misses the
 * {@link Criteria} or the next rate would pass {@code max}; the highest sustainable rate is the last
 * step that met them before the first that did not.
 */
record Sweep(double start, double factor, double max, Criteria criteria) {

    Sweep {
        if (start <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (factor <= 1) {
            throw new IllegalArgumentException("--sweep-factor must be above 1, e.g. 1.25");
        }
        if (max < start) {
            throw new IllegalArgumentException("--sweep-max must be at least --rate");
        }
    }

    /** The rate of the step after {@code last}, or empty when the sweep is over. */
    OptionalDouble next(StepResult last) {
        if (!criteria.met(last)) {
            return OptionalDouble.empty();
        }
        double next = Math.ceil(last.rate() * factor);
        return next > max ? OptionalDouble.empty() : OptionalDouble.of(next);
    }

    /** The highest sustainable step of {@code steps} (in the order run), if any met the criteria. */
    Optional<StepResult> best(List<StepResult> steps) {
        StepResult best = null;
        for (var step : steps) {
            if (!criteria.met(step)) {
                break;
            }
            best = step;
        }
        return Optional.ofNullable(best);
    }
}
