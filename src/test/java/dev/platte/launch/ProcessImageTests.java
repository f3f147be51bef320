package dev.platte.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessImageTests {

    private static final Path JAVA_HOME = Path.of("/opt/jdk");
    private static final Path JAR_PATH = Path.of("/srv/platte.jar");
    private static final List<Path> JAR = List.of(JAR_PATH);

    @Test
    void closesOnlyWhatTheJvmOpenedForItselfAndPassesOnWhatItInherited() {
        assertThat(ProcessImage.isJvmsOwn(Path.of("/opt/jdk/lib/modules"), JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(JAR_PATH, JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/urandom"), JAVA_HOME, JAR)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/random"), JAVA_HOME, JAR)).isTrue();

        assertThat(ProcessImage.isJvmsOwn(Path.of("/dev/null"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("pipe:[15985511]"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/var/log/platte.log"), JAVA_HOME, JAR)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/opt/jdk-other/lib/modules"), JAVA_HOME, JAR)).isFalse();
    }

    @Test
    void countsTheFilesOfEachClassPathElementAsTheJvmsOwn() {
        var classPath = List.of(Path.of("/src/platte/target/classes"), Path.of("/m2/spring-core.jar"));

        assertThat(ProcessImage.isJvmsOwn(Path.of("/src/platte/target/classes/dev/platte/PlatteApplication.class"),
                JAVA_HOME, classPath)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/m2/spring-core.jar"), JAVA_HOME, classPath)).isTrue();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/src/platte/target/classes-other/x.class"), JAVA_HOME, classPath)).isFalse();
        assertThat(ProcessImage.isJvmsOwn(Path.of("/m2/spring-core.jar.lock"), JAVA_HOME, classPath)).isFalse();
    }
}
