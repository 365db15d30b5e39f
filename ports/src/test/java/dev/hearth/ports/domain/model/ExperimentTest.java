package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The experiment's split over 10,000 customer ids: near its percentages, sticky, moved only where a change must, and
 * independent of the rollout's bucket and of another experiment's.
 *
 * <p>Tolerance: each arm's share within 2 percentage points of its percentage. An arm of p% over n = 10,000
 * independent customers holds a binomial count with standard deviation sqrt(n p (1 - p)): 50 customers (0.5 points)
 * at 50%, 40 (0.4 points) at 20%; 2 points is 4 to 5 standard deviations, so a fair hash never misses it (the ids are
 * fixed, so the test is deterministic anyway), while a biased one (a bucket from the id's length or first byte, a
 * modulo of a small hash) does.
 */
class ExperimentTest {
    static final Instant AT = Instant.parse("2026-12-05T04:00:00Z");
    static final List<CustomerId> CUSTOMERS = IntStream.range(0, 10_000)
            .mapToObj(i -> new CustomerId("customer-" + i)).toList();
    static final double TOLERANCE_POINTS = 2.0;

    static Experiment experiment(String name, String arms) {
        return new Experiment("home", name, Experiment.parseArms(arms), 1, AT, AT, "admin");
    }

    static Map<String, Integer> split(Experiment e) {
        Map<String, Integer> counts = new HashMap<>();
        CUSTOMERS.forEach(c -> counts.merge(e.arm(c).variant(), 1, Integer::sum));
        return counts;
    }

    @Test
    void eachArmGetsNearItsPercentageOfTenThousandCustomers() {
        for (String arms : List.of("default:50,new-banners:50", "default:80,new-banners:20",
                "default:34,a:33,b:33", "default:90,a:5,b:5")) {
            Experiment e = experiment("banners-2026-12", arms);
            Map<String, Integer> counts = split(e);
            for (Experiment.Arm arm : e.arms()) {
                double share = 100.0 * counts.getOrDefault(arm.variant(), 0) / CUSTOMERS.size();
                assertThat(share).as(arms + ": " + arm.variant()).isCloseTo(arm.percent(),
                        offset(TOLERANCE_POINTS));
            }
        }
    }

    @Test
    void theSameCustomerIsAlwaysInTheSameArm() {
        Experiment one = experiment("banners-2026-12", "default:50,new-banners:50");
        Experiment again = experiment("banners-2026-12", "default:50,new-banners:50"); // another instance, a restart
        for (CustomerId c : CUSTOMERS) {
            assertThat(again.arm(c)).isEqualTo(one.arm(c)).isEqualTo(one.arm(new CustomerId(c.value())));
        }
        assertThat(Experiment.bucket("banners-2026-12", new CustomerId("alice")))
                .as("pinned: the same in every JVM and release").isEqualTo(
                        Experiment.bucket("banners-2026-12", new CustomerId("alice")))
                .isBetween(0, Experiment.BUCKETS - 1);
    }

    @Test
    void aChangeOfPercentagesMovesOnlyTheCustomersItMust() {
        Experiment before = experiment("banners-2026-12", "default:50,new-banners:50");
        Experiment after = before.changed(before.reordered(Experiment.parseArms("new-banners:25,default:75")), AT,
                "admin");
        assertThat(Experiment.format(after.arms())).as("kept in the order started").isEqualTo("default:75,new-banners:25");

        int moved = 0;
        for (CustomerId c : CUSTOMERS) {
            String was = before.arm(c).variant();
            String now = after.arm(c).variant();
            if (was.equals("default")) {
                assertThat(now).as(c + " was in the control, which only grew").isEqualTo("default");
            }
            if (!was.equals(now)) {
                moved++;
            }
        }
        assertThat(100.0 * moved / CUSTOMERS.size()).as("25 points move, no more")
                .isCloseTo(25.0, offset(TOLERANCE_POINTS));
    }

    @Test
    void theSplitIsIndependentOfTheRolloutAndOfAnotherExperiment() {
        Experiment e = experiment("banners-2026-12", "default:50,new-banners:50");
        Experiment other = experiment("offers-2027-01", "default:50,new-offers:50");
        int inRolloutAndArm = 0;
        int inBothArms = 0;
        for (CustomerId c : CUSTOMERS) {
            boolean arm = e.arm(c).variant().equals("new-banners");
            if (arm && RolloutSettings.bucket(c) < 500_000) {
                inRolloutAndArm++;
            }
            if (arm && other.arm(c).variant().equals("new-offers")) {
                inBothArms++;
            }
        }
        // independent halves meet in a quarter; the same hash would meet in a half (or never)
        assertThat(100.0 * inRolloutAndArm / CUSTOMERS.size()).isCloseTo(25.0,
                offset(TOLERANCE_POINTS));
        assertThat(100.0 * inBothArms / CUSTOMERS.size()).isCloseTo(25.0,
                offset(TOLERANCE_POINTS));
    }

    @Test
    void badArmsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> Experiment.parseArms("default:60,new-banners:50"))
                .hasMessageContaining("sum to 110, not 100");
        assertThatThrownBy(() -> Experiment.parseArms("default:100")).hasMessageContaining("two or more arms");
        assertThatThrownBy(() -> Experiment.parseArms("default:50,default:50")).hasMessageContaining("named twice");
        assertThatThrownBy(() -> Experiment.parseArms("default:50,new-banners:fifty"))
                .hasMessageContaining("whole number from 0 to 100, not 'fifty'");
        assertThatThrownBy(() -> Experiment.parseArms("default:50,new-banners:49.5"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Experiment.parseArms("default50,b50")).hasMessageContaining("variant:percent");
        assertThatThrownBy(() -> Experiment.parseArms("Default:50,b:50")).hasMessageContaining("no variant name");
        assertThatThrownBy(() -> Experiment.name("New Banners")).hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> experiment("x", "default:50,b:50").reordered(Experiment.parseArms("default:50,c:50")))
                .hasMessageContaining("has the arms [default, b]");
    }
}
