package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessImageTests {

    private static final Path JAVA_HOME = Path.of("/opt/jdk");
    private static final Path JAR = Path.of("/srv/platte.jar");

    @Test
    void closesOnlyWhatTheJvmOpenedForItselfAndPassesOnWhatItInherited() {
        assertThat(ProcessImage.isJvmsOwn(Path.of("/opt/jdk/lib/modules"), JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(JAR, JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/urandom"), JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/random"), JAVA_HOME, JAR)).isTrue();

        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/null"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("pipe:[15985511]"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/var/log/platte.log"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/opt/jdk-other/lib/modules"), JAVA_HOME, JAR)).isFalse();
    }
}
