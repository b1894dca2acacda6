package io.parley.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.admin.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line's side of the provisioning API: plain HTTP/1.1 to a running node's
 * management server, with the management token as {@code Authorization: Bearer} on every
 * request when one is configured. Any answer but the expected status becomes a
 * {@link CliFailure} carrying the node's own error message; a 401 says where the token comes from.
 */
final class ManagementClient {
  /** How long to wait for the TCP connection; the node is usually on the same machine. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long one request may take; a page of 10,000 subscribers is read well within it. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final HttpClient http;
  private final Optional<String> token;

  /** @param token the bearer token sent with every request, if any */
  ManagementClient(String baseUrl, Optional<String> token) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      URI u = URI.create(b);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("not an http URL");
      }
    } catch (IllegalArgumentException e) {
      throw new CliFailure("--management " + baseUrl + " is not a URL like http://127.0.0.1:8558");
    }
    this.base = b;
    this.token = token.filter(t -> !t.isBlank()).map(String::strip);
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  }

  String base() {
    return base;
  }

  /** A path segment for an address of record, e.g. {@code alice%40example.com}. */
  static String segment(String aor) {
    // URLEncoder's '+' for a space would not decode in a path; an AOR has no spaces anyway
    return URLEncoder.encode(aor, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Sends {@code method path} with an optional JSON body; the body of the answer if its status is {@code expected}. */
  String call(String method, String path, JsonNode body, int expected) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      String why = e instanceof java.net.ConnectException ? "connection refused"
          : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new CliFailure("cannot reach the node's management server at " + base + " (" + why + "); is the node "
          + "running, and is --management its pekko.management.http address?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
    if (r.statusCode() == 401) {
      throw new CliFailure((token.isEmpty()
          ? "the node needs its management token for this: set PARLEY_MANAGEMENT_TOKEN (or "
              + "parley.management.token in the configuration this command reads) to the node's token"
          : "the node refused the management token (PARLEY_MANAGEMENT_TOKEN or parley.management.token): "
              + "it is not the node's")
          + " (HTTP 401 from " + method + " " + base + path + ")");
    }
    if (r.statusCode() != expected) {
      throw new CliFailure(errorOf(r) + " (HTTP " + r.statusCode() + " from " + method + " " + base + path + ")");
    }
    return r.body();
  }

  /**
   * Deletes {@code collection/key}: done on 204; any other answer (404 for an unknown key, 409 for
   * one the configuration owns) is a {@link CliFailure} with the node's message.
   */
  void delete(String collection, String key) {
    call("DELETE", collection + "/" + segment(key), null, 204);
  }

  /** Appends {@code &name=value} to a query, the value escaped; nothing for a null or empty value. */
  static void param(StringBuilder q, String name, String value) {
    if (value != null && !value.isEmpty()) {
      q.append('&').append(name).append('=').append(segment(value));
    }
  }

  /** Parses a JSON answer. */
  static JsonNode json(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new CliFailure("the node answered something that is not JSON: " + abbreviated(body));
    }
  }

  private static String errorOf(HttpResponse<String> r) {
    try {
      JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
      if (error != null && error.isTextual()) {
        return error.textValue();
      }
    } catch (IOException | RuntimeException e) {
      // not our JSON: e.g. pekko-http's own 404 text for a node without these routes
    }
    return r.body().isBlank() ? "the node refused the request" : abbreviated(r.body().strip());
  }

  private static String abbreviated(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "…";
  }
}
