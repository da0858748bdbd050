package org.medledger.apps.records.node;

/**
 * A health read whose signed read request is missing or does not hold (issue 20 finding 2): the
 * code names which ({@code missing_read_request}, {@code invalid_read_request}, {@code
 * replayed_read_request}); the REST and FHIR routes answer it 400 and nothing is read or logged.
 */
public final class ReadRequestException extends RuntimeException {
  private final String code;

  public ReadRequestException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
