package dev.platte.rollout;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@Component
@Order(20)
class FlatcarSeedRunner implements ApplicationRunner {

    private final FlatcarSeed seed;
    private final SeedProperties properties;

    FlatcarSeedRunner(FlatcarSeed seed, SeedProperties properties) {
        this.seed = seed;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.flatcar()) {
            seed.seedIfEmpty();
        }
    }
}
