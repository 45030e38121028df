package io.payrecon.bench.run;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a driver printed; its figures are on its last line "RESULT key=value key=value ...". */
public record DriverOutput(List<String> lines) {
    /** The value of KEY on the last RESULT line that has it; null when none has. */
    public String result(String key) {
        Pattern pair = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\\S*)");
        String value = null;
        for (String line : lines) {
            if (line.startsWith("RESULT ")) {
                Matcher m = pair.matcher(line);
                if (m.find()) {
                    value = m.group(1);
                }
            }
        }
        return value;
    }
}
