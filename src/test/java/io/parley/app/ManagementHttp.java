package io.parley.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** JSON over HTTP to a test node's management port, as the provisioning route tests send it. */
final class ManagementHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status and body of one answer. */
  record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    /** The message of an error answer, {@code {"error": "…"}}. */
    String error() throws Exception {
      return json().get("error").asText();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ManagementHttp(TestNode node) {
    this(node.node);
  }

  ManagementHttp(Node node) {
    base = node.managementUri().toString().replaceAll("/$", "");
  }

  /** Sends {@code method path} with {@code body} (null for none). */
  Answer send(String method, String path, String body) throws Exception {
    return send(method, path, body, null);
  }

  /** Sends {@code method path} with {@code body} (null for none) and a bearer token (null for none). */
  Answer send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body());
  }
}
