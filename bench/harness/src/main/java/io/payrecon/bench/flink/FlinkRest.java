package io.payrecon.bench.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JobManager's REST API (what the web UI and the CLI use), as JSON: no client JVM of two
 * seconds per call as {@code flink cancel} or {@code flink savepoint} would start.
 */
public final class FlinkRest {
    private static final Duration GET_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public FlinkRest(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(GET_TIMEOUT).build();
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(GET_TIMEOUT).GET().build());
    }

    public JsonNode post(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(CHANGE_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    public JsonNode patch(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(CHANGE_TIMEOUT)
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build());
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    private JsonNode send(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RestException(what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(what + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RestException(what + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RestException(what + " answered no JSON: " + response.body(), e);
        }
    }
}
