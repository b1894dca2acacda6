package io.parley.admin;

import java.util.regex.Pattern;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer of the management port as {@code {"error":"…"}}, like Parley's own routes':
 * Pekko HTTP's rejections (404, 405, 413, 415…), exceptions out of any route, and the plain-text
 * answers some of Pekko's routes complete with themselves. Pekko's texts are kept where they
 * help ("HTTP method not allowed, supported methods: GET"); one that names an exception, a class
 * or a configuration key (the 413 of a too-large body does both) is replaced by a plain sentence
 * for its status, so the port tells a stranger nothing of what runs behind it.
 */
final class JsonErrors extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);
  /** Longer texts are cut: a rejection may quote the request. */
  private static final int MAX_MESSAGE = 300;
  /**
   * What must not be shown: a dotted name of three or more parts (a class or a configuration
   * key), a word ending in Exception or Error, a stack frame, a backquote.
   */
  private static final Pattern REVEALING = Pattern.compile(
      "[A-Za-z_$][\\w$-]*(\\.[A-Za-z_$\\[][\\w$|\\[\\]-]*){2,}|\\w*(Exception|Error)\\b|\\bat [\\w$.]+\\(|`");

  private final ClassicActorSystemProvider system;

  JsonErrors(ClassicActorSystemProvider system) {
    this.system = system;
  }

  /** {@code inner} with every rejection, exception and non-JSON error answer turned into JSON. */
  Route json(Route inner) {
    return mapResponse(this::toJson, () -> handleExceptions(exceptions(),
        () -> handleRejections(RejectionHandler.defaultHandler(), () -> inner)));
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> complete(error(413, sentence(413))))
        .match(IllegalRequestException.class, e -> complete(error(e.status().intValue(), sentence(e.status().intValue()))))
        .matchAny(e -> {
          log.error("management request failed", e);
          return complete(error(500, sentence(500)));
        })
        .build();
  }

  /** An error answer that is not JSON, as JSON; any other answer as it is. */
  HttpResponse toJson(HttpResponse r) {
    StatusCode status = r.status();
    if (status.intValue() < 400 || r.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      return r;
    }
    String message;
    if (r.entity() instanceof HttpEntity.Strict strict) {
      String text = strict.getData().utf8String();
      // a bare complete(status) carries the status's stock text, which says less than ours
      message = text.strip().equals(status.defaultMessage().strip()) ? sentence(status.intValue())
          : safe(status.intValue(), text);
    } else {
      r.discardEntityBytes(system);
      message = sentence(status.intValue());
    }
    return r.withEntity(error(status.intValue(), message).entity());
  }

  /** {@code text} on one line if it reveals nothing, else the plain sentence for {@code status}. */
  static String safe(int status, String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    if (oneLine.isEmpty() || REVEALING.matcher(oneLine).find()) {
      return sentence(status);
    }
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }

  /** What an error answer of {@code status} says when its own text cannot be shown. */
  static String sentence(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 401 -> "the request needs authorization";
      case 403 -> "the request is not allowed";
      case 404 -> "there is nothing at this path";
      case 405 -> "this method is not allowed at this path";
      case 406 -> "no acceptable representation";
      case 408 -> "the request took too long to arrive";
      case 413 -> "the request body is too large";
      case 414 -> "the request URI is too long";
      case 415 -> "the request's content type is not supported here";
      case 431 -> "the request's header fields are too large";
      case 500 -> "internal error (see the node's log)";
      case 501 -> "not implemented";
      case 503 -> "the service is unavailable; try again";
      default -> "the request failed (HTTP " + status + ")";
    };
  }

  static HttpResponse error(int status, String message) {
    return ProvisioningRoutes.json(status, Json.error(message));
  }
}
