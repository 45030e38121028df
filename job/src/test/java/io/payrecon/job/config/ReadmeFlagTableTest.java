package io.payrecon.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** README.md's flag table and the job's options agree both ways: every flag, and every default. */
class ReadmeFlagTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(--[a-z-]+)` \\|([^|]*)\\|.*$", Pattern.MULTILINE);

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("job"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }

    /** Flag to default as the README's table shows it: the text in backticks, or "" for none. */
    private static Map<String, String> readmeTable() throws Exception {
        String text = Files.readString(readme());
        String section = text.substring(text.indexOf("## Flags"), text.indexOf("\n## ", text.indexOf("## Flags") + 1));
        Map<String, String> table = new TreeMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            String cell = m.group(2).trim();
            table.put(m.group(1), cell.startsWith("`") ? cell.substring(1, cell.indexOf('`', 1)) : "");
        }
        return table;
    }

    /** Flag to default of the job's options ("" for none); --help is the README's sentence above the table. */
    private static Map<String, String> jobOptions() {
        Map<String, String> options = new TreeMap<>();
        for (OptionSpec o :
                JobCommandLine.of(new JobOptions(), "job").getCommandSpec().options()) {
            if (!o.usageHelp()) {
                boolean flagOnly = o.arity().max == 0;
                options.put(o.longestName(), o.defaultValue() == null || flagOnly ? "" : o.defaultValue());
            }
        }
        return options;
    }

    @Test
    void everyFlagAndDefaultIsInTheReadmeAndNothingElse() throws Exception {
        assertThat(readmeTable()).isEqualTo(jobOptions());
    }
}
