package io.payrecon.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The run's results file: every figure a run measures, the drivers' and the orchestrator's own, set
 * by its dotted path (such as {@code throughput.ceiling.rate}) and written out at once, so that a
 * failed run keeps what it got. The orchestrator writes no Markdown: BenchReport renders the report
 * from this file alone, so a report can be rendered again, or differently, from an old run's file.
 */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    private Results(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** A new, empty results file. */
    public static Results create(Path file) {
        Results results = new Results(file, JSON.createObjectNode());
        results.write();
        return results;
    }

    public Path file() {
        return file;
    }

    public void set(String path, JsonNode value) {
        String[] keys = path.split("[.]");
        ObjectNode parent = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = parent.get(keys[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(keys[i]);
        }
        parent.set(keys[keys.length - 1], value);
        write();
    }

    public void text(String path, String value) {
        set(path, TextNode.valueOf(value));
    }

    public void count(String path, long value) {
        set(path, LongNode.valueOf(value));
    }

    /** A measured figure rounded to {@code decimals} places (null when not a number). */
    public void figure(String path, double value, int decimals) {
        set(path, Figures.rounded(value, decimals));
    }

    /** A figure as a driver printed it ({@link Figures#parsed}). */
    public void parsed(String path, String value) {
        set(path, Figures.parsed(value));
    }

    public void flag(String path, boolean value) {
        set(path, BooleanNode.valueOf(value));
    }

    /** An empty object at {@code path} (a part that ran and may get no figure). */
    public void emptyObject(String path) {
        set(path, JSON.createObjectNode());
    }

    /** The JSON document in {@code document} (JfrTop's profile). */
    public void document(String path, Path document) {
        try {
            set(path, JSON.readTree(document.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
