package io.coracle.oracle.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Error answers: a status and one sentence, as JSON. Never a stack trace, never key material. */
final class ApiErrors {
  private ApiErrors() {}

  static Response badRequest(String message) {
    return error(Response.Status.BAD_REQUEST, message);
  }

  static Response notFound(String message) {
    return error(Response.Status.NOT_FOUND, message);
  }

  static Response unavailable(String message) {
    return error(Response.Status.SERVICE_UNAVAILABLE, message);
  }

  static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", status.getReasonPhrase(), "message", message))
        .build();
  }
}
