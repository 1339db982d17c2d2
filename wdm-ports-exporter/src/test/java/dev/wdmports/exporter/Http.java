package dev.wdmports.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A small HTTP client for the tests (java.base only). */
final class Http {
  private Http() {}

  /** A response: status, content type and body. */
  record Response(int statusCode, String contentType, String body) {}

  static Response get(String url) {
    return get(url, "5");
  }

  static Response get(String url, String scrapeTimeoutSeconds) {
    return request("GET", url, scrapeTimeoutSeconds);
  }

  static Response request(String method, String url) {
    return request(method, url, "5");
  }

  private static Response request(String method, String url, String scrapeTimeoutSeconds) {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(5000);
      c.setReadTimeout(30000);
      c.setRequestProperty("X-Prometheus-Scrape-Timeout-Seconds", scrapeTimeoutSeconds);
      int code = c.getResponseCode();
      try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(code, String.valueOf(c.getContentType()), body);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
