package org.flowsec.detect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.flowsec.base.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert as its JSON object ({@link AlertJson}) to a URL, with {@code Content-Type: application/json}
 * and {@code X-Flowsec-Update: true|false}. A connection or answer slower than the timeout, an I/O error and
 * any status outside 2xx count as a failure; there is no retry (the next update carries the whole alert).
 * Calls block, so the pipeline runs this sink behind an {@link AsyncSink}.
 */
public final class WebhookSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;
    private final RateLimitedLog errorLog;
    private long failures;
    private long sent;

    public WebhookSink(URI url, Duration timeout, Clock clock) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("webhook url must be http:// or https:// with a host: " + url);
        }
        this.url = url;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.errorLog = new RateLimitedLog(LOG, clock);
    }

    @Override
    public void accept(Alert alert, boolean update) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Flowsec-Update", Boolean.toString(update))
                .POST(HttpRequest.BodyPublishers.ofString(AlertJson.toJson(alert)))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                fail(alert, "HTTP status " + response.statusCode());
            } else {
                synchronized (this) {
                    sent++;
                }
            }
        } catch (IOException e) {
            fail(alert, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(alert, "interrupted");
        }
    }

    private void fail(Alert alert, String why) {
        long n;
        synchronized (this) {
            n = ++failures;
        }
        errorLog.error("webhook {} did not take alert {}: {} ({} failures so far)", url, alert.id(), why, n);
    }

    public synchronized long sent() { return sent; }

    @Override
    public synchronized long failures() { return failures; }

    @Override
    public String toString() { return "webhook " + url; }
}
