package dev.platte;

import dev.platte.launch.JvmRestart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PlatteApplication {

    public static void main(String[] args) {
        // java -jar: the shipped heap and collector (set before any code runs, so by restarting the JVM).
        JvmRestart.ifNeeded(args);
        SpringApplication.run(PlatteApplication.class, args);
    }
}
