package dev.platte.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** The one source of "now"; tests replace it to move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
