package io.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which of Pekko's error texts the management port shows, and what it says instead. */
class JsonErrorsTest {
  @Test
  void aHelpfulTextIsKeptOnOneLine() {
    assertEquals("HTTP method not allowed, supported methods: GET",
        JsonErrors.safe(405, "HTTP method not allowed, supported methods: GET"));
    assertEquals("Request is missing required form field 'operation'",
        JsonErrors.safe(400, "Request is missing required form field 'operation'\n"));
    assertEquals("Member [pekko://parley@127.0.0.1:2552] not found",
        JsonErrors.safe(404, "Member [pekko://parley@127.0.0.1:2552] not found"));
  }

  @Test
  void aTextNamingAClassAnExceptionOrAKeyIsReplaced() {
    assertEquals("the request body is too large", JsonErrors.safe(413, "The request content was malformed:\n"
        + "EntityStreamSizeException: incoming entity size (while streaming) exceeded size limit (65536 bytes)! "
        + "This may have been a parser limit (set via `pekko.http.[server|client].parsing.max-content-length`)"));
    assertEquals("the request is malformed",
        JsonErrors.safe(400, "The request content was malformed:\ncom.fasterxml.jackson.core.JsonParseException"));
    assertEquals("the request is malformed", JsonErrors.safe(400, "Consider pekko.http.server.parsing.max-uri-length"));
    assertEquals("internal error (see the node's log)", JsonErrors.safe(500, "java.lang.IllegalStateException: boom"));
    assertEquals("there is nothing at this path", JsonErrors.safe(404, ""));
  }

  @Test
  void aLongTextIsCut() {
    String cut = JsonErrors.safe(400, "x ".repeat(400));
    assertEquals(301, cut.length());
  }
}
