package io.payrecon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * An HTTP receiver on loopback that records every request and answers with the status its
 * {@code answer} function picks (a queue of scripted statuses first, for outages).
 */
final class LocalReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Request(String method, String path, String query, String authorization, JsonNode body) {}

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Statuses to answer first, one per request (then {@code answer} decides). */
    final Deque<Integer> scripted = new ConcurrentLinkedDeque<>();

    private final Function<Request, Integer> answer;
    /** The Retry-After header of every 429 and 503 answer; null for none. */
    volatile String retryAfter;

    LocalReceiver(Function<Request, Integer> answer) throws IOException {
        this(0, answer);
    }

    /** On a given port: the one a sender is already retrying against. */
    static LocalReceiver onPort(int port, Function<Request, Integer> answer) throws IOException {
        return new LocalReceiver(port, answer);
    }

    private LocalReceiver(int port, Function<Request, Integer> answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body);
            Integer first = scripted.poll();
            int status = first != null ? first : answer.apply(request);
            requests.add(request);
            byte[] reply = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            if ((status == 429 || status == 503) && retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
        } finally {
            exchange.close();
        }
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Waits for a condition, polling, up to a deadline; fails with {@code what} when it never holds. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50); // polling interval of a wait that has a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
