package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The "next release" of the job for upgrade tests: today's sources with a field added to the order
 * state and a new metric, compiled into a copy of today's jar. Made from the current sources, so
 * it stays what the next release would be, whatever they become.
 */
final class ChangedBuild {
    static final String NEW_METRIC = "upgrade_probe";

    private ChangedBuild() {}

    static Path create(Path jar, Path workDir) throws IOException {
        Path sources = workDir.resolve("src");
        Path classes = workDir.resolve("classes");
        Files.createDirectories(sources);
        Files.createDirectories(classes);
        Path state = sources.resolve("OrderState.java");
        Files.writeString(
                state,
                edit(
                        "core/src/main/java/io/payrecon/matching/OrderState.java",
                        "    public long scheduledWakeUp = OrderReconciler.NO_WAKE_UP;\n",
                        "    public long scheduledWakeUp = OrderReconciler.NO_WAKE_UP;\n"
                                + "    /** Added by the next release: old savepoints must still restore. */\n"
                                + "    public String addedInNextRelease;\n"));
        // The operator's metrics live in their own class, registered when the function opens.
        Path metrics = sources.resolve("ReconcileMetrics.java");
        Files.writeString(
                metrics,
                edit(
                        "job/src/main/java/io/payrecon/job/reconcile/ReconcileMetrics.java",
                        "        eventsIn = metrics.counter(\"events_in\");\n",
                        "        eventsIn = metrics.counter(\"events_in\");\n        metrics.gauge(\"" + NEW_METRIC
                                + "\", () -> 2L);\n"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-nowarn",
                "-d",
                classes.toString(),
                "-cp",
                jar + File.pathSeparator + System.getProperty("java.class.path"),
                state.toString(),
                metrics.toString());
        assertThat(rc).as("compiling the changed build").isZero();

        Map<String, Path> replaced = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> replaced.put(classes.relativize(f).toString().replace(File.separatorChar, '/'), f));
        }
        Path changed = workDir.resolve("payment-reconciliation-next.jar");
        try (ZipFile original = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(changed))) {
            List<? extends ZipEntry> entries = new ArrayList<>(original.stream().toList());
            for (ZipEntry entry : entries) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                Path replacement = replaced.remove(entry.getName());
                if (replacement != null) {
                    Files.copy(replacement, out);
                } else {
                    try (InputStream in = original.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
            for (Map.Entry<String, Path> added : replaced.entrySet()) {
                out.putNextEntry(new ZipEntry(added.getKey()));
                Files.copy(added.getValue(), (OutputStream) out);
                out.closeEntry();
            }
        }
        return changed;
    }

    private static String edit(String file, String anchor, String replacement) throws IOException {
        String source = Files.readString(Path.of(file));
        assertThat(source)
                .as(file + " still has the line the changed build edits")
                .contains(anchor);
        return source.replace(anchor, replacement);
    }
}
