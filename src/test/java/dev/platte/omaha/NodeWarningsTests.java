package dev.platte.omaha;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NodeWarningsTests {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private NodeWarnings warnings;

    @BeforeEach
    void logger() {
        var logger = (Logger) LoggerFactory.getLogger("test.node-warnings." + System.nanoTime());
        logged.start();
        logger.addAppender(logged);
        warnings = new NodeWarnings(logger);
    }

    @Test
    void logsEachDistinctWarningOncePerPeriod() {
        for (int i = 0; i < 100; i++) {
            warnings.warn("no-group:stable", "No group with track {}", "stable");
        }

        assertThat(logged.list).hasSize(1);
    }

    @Test
    void logsAtMostTheBudgetOfDistinctWarningsAndRemembersABoundedNumber() {
        for (int i = 0; i < NodeWarnings.MAX_REMEMBERED * 3; i++) {
            warnings.warn("no-group:" + i, "No group with track {}", i);
        }

        assertThat(logged.list).hasSize(NodeWarnings.MAX_PER_PERIOD);
        assertThat(warnings.remembered()).isLessThanOrEqualTo(NodeWarnings.MAX_REMEMBERED);
    }
}
