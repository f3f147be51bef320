package dev.platte.config;

import dev.platte.database.ReplicaLocks;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Scheduling, and ShedLock for the jobs that run on one replica at a time ({@code @SchedulerLock},
 * {@link ReplicaLocks}): a row per job in {@code shedlock} (V75), timed by the database's clock so replicas'
 * clocks need not agree. A running job extends its lock every half {@link ReplicaLocks#LOCK_AT_MOST_FOR}, so
 * a long run stays alone while the lock of a replica that died lapses within that time.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = ReplicaLocks.LOCK_AT_MOST_FOR_TEXT)
class SchedulingConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService lockKeepAlive() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("platte-lock-keep-alive").factory());
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource, ScheduledExecutorService lockKeepAlive) {
        var jdbc = JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build();
        return new KeepAliveLockProvider(new JdbcTemplateLockProvider(jdbc), lockKeepAlive);
    }
}
