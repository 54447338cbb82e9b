package org.flowsec.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flowsec.base.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook against a real loopback HTTP server. */
class WebhookSinkIT {
    private record Request(String method, String contentType, String update, String body) {}

    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    private URI start(int status, boolean hang) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Flowsec-Update"), new String(body, StandardCharsets.UTF_8)));
            if (hang) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsTheAlertJsonAndSaysWhetherItIsAnUpdate() throws Exception {
        WebhookSink sink = new WebhookSink(start(204, false), Duration.ofSeconds(10), Clock.SYSTEM);
        sink.accept(AlertJsonTest.sample(), false);
        sink.accept(AlertJsonTest.sample(), true);
        assertThat(received).hasSize(2);
        Request r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.update()).isEqualTo("false");
        assertThat(received.get(1).update()).isEqualTo("true");
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.get("id").asText()).isEqualTo("scan-0123456789ab");
        assertThat(AlertJson.parse(r.body()).counts()).containsEntry("hosts", 254L);
        assertThat(sink.sent()).isEqualTo(2);
        assertThat(sink.failures()).isZero();
    }

    @Test
    void aStatusOutside2xxIsAFailure() throws Exception {
        WebhookSink sink = new WebhookSink(start(500, false), Duration.ofSeconds(10), Clock.SYSTEM);
        sink.accept(AlertJsonTest.sample(), false);
        assertThat(received).hasSize(1);
        assertThat(sink.failures()).isEqualTo(1);
        assertThat(sink.sent()).isZero();
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutAndIsCounted() throws Exception {
        WebhookSink sink = new WebhookSink(start(200, true), Duration.ofMillis(300), Clock.SYSTEM);
        sink.accept(AlertJsonTest.sample(), false);
        assertThat(sink.failures()).isEqualTo(1);
    }

    @Test
    void behindAnAsyncSinkAStalledServerNeverBlocksTheCallerAndDropsAreCounted() throws Exception {
        WebhookSink webhook = new WebhookSink(start(200, true), Duration.ofSeconds(20), Clock.SYSTEM);
        AsyncSink sink = new AsyncSink(webhook, 2, Clock.SYSTEM).start();
        for (int i = 0; i < 10; i++) {
            sink.accept(AlertJsonTest.sample(), i > 0); // returns at once although the server never answers
        }
        // one request in flight (or about to be), two queued, the rest dropped
        assertThat(sink.dropped()).isBetween(7L, 8L);
        release.countDown();
        sink.close();
        assertThat(sink.dropped() + sink.delivered()).isEqualTo(10);
        assertThat(webhook.sent()).isEqualTo(sink.delivered());
    }
}
