package dev.tlsweep.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of every module that holds a test or a property is named as the build's test runner finds it
 * (the root pom's surefire includes): a class named otherwise compiles, and never runs.
 */
class TestNamesTest {

    private static final Pattern HAS_TESTS = Pattern.compile("@(Test|Property|ParameterizedTest|RepeatedTest)\\b");
    private static final Pattern RUN_NAME = Pattern.compile("Test.*|.*Test|.*Tests|.*TestCase|.*Properties");

    @Test
    void everyClassWithTestsIsOneTheBuildRuns() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("pom.xml")).exists();
        String pom = Files.readString(root.resolve("pom.xml"));
        assertThat(pom).contains("<include>**/*Properties.java</include>", "<include>**/*Test.java</include>");
        List<String> missed;
        try (Stream<Path> files = Files.walk(root, 12)) {
            missed = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/"))
                    .filter(TestNamesTest::hasTests)
                    .map(p -> p.getFileName().toString().replace(".java", ""))
                    .filter(name -> !RUN_NAME.matcher(name).matches())
                    .toList();
        }
        assertThat(missed).as("test classes the build would never run").isEmpty();
    }

    private static boolean hasTests(Path file) {
        try {
            return HAS_TESTS.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
