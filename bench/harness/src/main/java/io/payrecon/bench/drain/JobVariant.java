package io.payrecon.bench.drain;

import java.util.ArrayList;
import java.util.List;

/**
 * A job stage with job flags of its own, so one run can pair the same jar with different settings:
 * {@code job-eo+order-table-size=0+state-backend=hashmap} is stage {@code job-eo} submitted with
 * {@code --order-table-size 0 --state-backend hashmap}.
 */
final class JobVariant {
    private JobVariant() {}

    /** The stage without its flags. */
    static String base(String stage) {
        int plus = stage.indexOf('+');
        return plus < 0 ? stage : stage.substring(0, plus);
    }

    /** The job flags the stage names, in order. */
    static List<String> flags(String stage) {
        List<String> flags = new ArrayList<>();
        String[] parts = stage.split("\\+");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("stage " + stage + ": '" + parts[i] + "' is not FLAG=VALUE");
            }
            flags.add("--" + parts[i].substring(0, eq));
            flags.add(parts[i].substring(eq + 1));
        }
        return flags;
    }
}
