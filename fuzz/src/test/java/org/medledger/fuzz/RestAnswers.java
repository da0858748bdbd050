package org.medledger.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * What a REST route owes any request, however malformed: a success, or a 4xx whose JSON says why
 * (an error object, or a FHIR OperationOutcome); never a 5xx, which is an exception that escaped a
 * route's parser. The REST fuzz targets share it.
 */
public final class RestAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestAnswers() {}

  /** Fails (an {@link AssertionError}, a Jazzer finding) naming {@code what} was sent. */
  public static void assertAnswered(String what, int sentBytes, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String answer = new String(response.body(), StandardCharsets.UTF_8);
    if (status >= 500) {
      throw new AssertionError(what + " answered " + status + " to " + sentBytes + " bytes: " + answer);
    }
    if (status >= 400) {
      JsonNode error;
      try {
        error = JSON.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError(what + " answered " + status + " with no JSON: " + answer);
      }
      if (error == null || !error.isObject() || error.size() == 0) {
        throw new AssertionError(what + " answered " + status + " without saying why: " + answer);
      }
    }
  }
}
