package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The published JSON Schemas of the output topics (docs/schemas/), for tests to check records against. */
public final class OutputSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    public static final Schema RECONCILED = load("reconciled.schema.json");
    public static final Schema EXCEPTIONS = load("exceptions.schema.json");
    public static final Schema STATEMENTS = load("statements.schema.json");

    private OutputSchemas() {}

    private static Schema load(String name) {
        try (InputStream in = Files.newInputStream(Path.of("docs", "schemas", name))) {
            return REGISTRY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Error> errors(Schema schema, String record) {
        try {
            return schema.validate(JSON.readTree(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that every record conforms; the failure names the first record that does not. */
    public static void assertConform(Schema schema, List<String> records) {
        for (String record : records) {
            assertThat(errors(schema, record)).as(record).isEmpty();
        }
    }
}
