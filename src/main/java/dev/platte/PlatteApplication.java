package dev.platte;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PlatteApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlatteApplication.class, args);
    }
}
