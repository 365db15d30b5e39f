package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.Reason;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import org.junit.jupiter.api.Test;

class DownstreamFailureClassifierTest {
    final DownstreamFailureClassifier classifier = new DownstreamFailureClassifier();

    @Test
    void aCallHearthsOwnLimitRefusedReadsAsAFullBulkheadNotAsTheDownstreamsError() {
        assertThat(classifier.classify(failure(Kind.REFUSED))).contains(Reason.BULKHEAD_FULL);
        assertThat(classifier.classify(failure(Kind.BAD_RESPONSE))).contains(Reason.BAD_RESPONSE);
        assertThat(classifier.classify(failure(Kind.UNAVAILABLE))).contains(Reason.ERROR);
        assertThat(classifier.classify(new IllegalStateException("a bug"))).isEmpty();
    }

    static DownstreamException failure(Kind kind) {
        return new DownstreamException("coreBanking", kind, "GET /core/customers/alice/profile failed");
    }
}
