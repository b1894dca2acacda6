package io.parley.admin;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The management server's answer to a request too broken to reach any route (414 for a URI
 * past {@code pekko.http.server.parsing.max-uri-length}, 431 or 400 for header fields, 413 for a
 * declared body past {@code max-content-length}…): JSON like every other error of the port, in
 * a plain sentence, where Pekko's default names the limit's configuration key. Pekko HTTP builds
 * it by class name ({@code parsing.error-handler}), once per connection.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {
  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
    if (log.isDebugEnabled()) {
      log.debug("management request refused with {}: {}", status.intValue(), error.summary());
    }
    return JsonErrors.error(status.intValue(), JsonErrors.sentence(status.intValue()));
  }
}
