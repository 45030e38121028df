package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, item 6: the README's "Runtime dependencies" table names every runtime dependency of the
 * deployables and every image, at the version the build resolves or the files pin; a version that
 * moves in one place and not the other fails the build.
 *
 * <p>The resolved list is Maven's own: the root pom runs {@code dependency:list} (compile and
 * runtime scope, transitive ones included) in every module into {@code
 * target/runtime-dependencies.txt}; this module depends on the three deployables (the alert bridge
 * through its pom only), so every reactor that builds these tests has written their lists first.
 */
class RuntimeDependenciesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The modules whose jars are deployed: the job, the producers' partitioner, the alert bridge. */
    private static final List<String> DEPLOYABLES = List.of("job", "partitioner", "alert-bridge");

    private static final List<String> COMPOSE_FILES = List.of("docker-compose.yml", "docker-compose.ha.yml");
    /** A row of the table: | `name` | version | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|\\s]+) \\|");
    /** A line of dependency:list: group:artifact:type[:classifier]:version:scope, then " -- module ...". */
    private static final Pattern LISTED =
            Pattern.compile("^\\s*([^:\\s]+):([^:\\s]+):[^:\\s]+(?::[^:\\s]+)?:([^:\\s]+):(compile|runtime)\\b");

    /** The README's table: name (group:artifact, or an image) to version. */
    static Map<String, String> readmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Runtime dependencies\n");
        assertThat(start).as("README section \"## Runtime dependencies\"").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        Map<String, String> table = new TreeMap<>();
        for (String line :
                readme.substring(start, end < 0 ? readme.length() : end).lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                assertThat(table.put(row.group(1), row.group(2)))
                        .as("one row for " + row.group(1))
                        .isNull();
            }
        }
        return table;
    }

    /** What the deployables resolve for run time: group:artifact to version, one version each. */
    static Map<String, String> resolved() throws Exception {
        String buildDir = System.getProperty("build.dir", "target");
        Map<String, String> resolved = new TreeMap<>();
        for (String module : DEPLOYABLES) {
            Path list = Path.of(module, buildDir, "runtime-dependencies.txt");
            assertThat(list)
                    .as("written by the root pom's dependency:list in a build of " + module
                            + " (build e2e-tests with -am)")
                    .exists();
            for (String line : Files.readAllLines(list)) {
                Matcher listed = LISTED.matcher(line);
                if (listed.find()) {
                    String name = listed.group(1) + ":" + listed.group(2);
                    String before = resolved.put(name, listed.group(3));
                    assertThat(before == null || before.equals(listed.group(3)))
                            .as(name + " at one version in every deployable: " + before + " and " + listed.group(3))
                            .isTrue();
                }
            }
        }
        return resolved;
    }

    /** Every image the Dockerfile and the compose files run: name to tag. */
    static Map<String, String> images() throws Exception {
        List<String> references = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            if (line.startsWith("FROM ")) {
                references.add(line.substring("FROM ".length()).trim());
            }
        }
        for (String file : COMPOSE_FILES) {
            JsonNode compose = YAML.readTree(Path.of(file).toFile());
            if (compose.has("x-flink")) {
                references.add(compose.at("/x-flink/image").asText());
            }
            compose.path("services").forEach(service -> {
                if (service.has("image")) {
                    references.add(service.get("image").asText());
                }
            });
        }
        Map<String, String> images = new TreeMap<>();
        for (String reference : references) {
            int colon = reference.lastIndexOf(':');
            assertThat(colon).as(reference + " has a tag").isPositive();
            String before = images.put(reference.substring(0, colon), reference.substring(colon + 1));
            assertThat(before == null || before.equals(reference.substring(colon + 1)))
                    .as(reference + ": one tag per image")
                    .isTrue();
        }
        return images;
    }

    /** Where the table and the build disagree, one line each; empty when they agree. */
    static List<String> disagreements(Map<String, String> table, Map<String, String> inUse) {
        List<String> problems = new ArrayList<>();
        inUse.forEach((name, version) -> {
            if (!table.containsKey(name)) {
                problems.add(name + " " + version + " is used but not in the README's table");
            } else if (!table.get(name).equals(version)) {
                problems.add(name + " is " + version + ", the README says " + table.get(name));
            }
        });
        table.forEach((name, version) -> {
            if (!inUse.containsKey(name)) {
                problems.add(name + " " + version + " is in the README's table but not used");
            }
        });
        return problems;
    }

    @Test
    void theTableNamesEveryRuntimeDependencyAndImageAtItsVersion() throws Exception {
        Map<String, String> inUse = new TreeMap<>(resolved());
        inUse.putAll(images());
        assertThat(disagreements(readmeTable(), inUse)).isEmpty();
    }

    /** The check finds each kind of drift, so its passing above means something. */
    @Test
    void aVersionThatMovesOnOneSideIsFound() throws Exception {
        Map<String, String> table = readmeTable();
        Map<String, String> inUse = new TreeMap<>(resolved());
        inUse.putAll(images());
        assertThat(inUse).containsKeys("org.apache.kafka:kafka-clients", "flink", "grafana/grafana");

        Map<String, String> bumped = new TreeMap<>(inUse);
        bumped.put("org.apache.kafka:kafka-clients", "9.9.9");
        assertThat(disagreements(table, bumped))
                .containsExactly("org.apache.kafka:kafka-clients is 9.9.9, the README says "
                        + inUse.get("org.apache.kafka:kafka-clients"));

        Map<String, String> added = new TreeMap<>(inUse);
        added.put("org.example:new-library", "1.0");
        assertThat(disagreements(table, added))
                .containsExactly("org.example:new-library 1.0 is used but not in the README's table");

        Map<String, String> dropped = new TreeMap<>(inUse);
        dropped.remove("grafana/grafana");
        assertThat(disagreements(table, dropped))
                .containsExactly(
                        "grafana/grafana " + table.get("grafana/grafana") + " is in the README's table but not used");
    }

    /** The pinned versions the table rests on are the pom's: Flink's image is flink.version. */
    @Test
    void flinksImageIsTheBuildsFlinkVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher flink =
                Pattern.compile("<flink.version>([^<]+)</flink.version>").matcher(pom);
        assertThat(flink.find()).isTrue();
        assertThat(readmeTable().get("flink")).isEqualTo(flink.group(1) + "-java17");
    }
}
