package org.medledger.node.application;

/**
 * A FHIR request a provider refuses: the façade answers it as an OperationOutcome with this HTTP
 * status and issue code (FHIR R4 IssueType, e.g. {@code not-found}, {@code invalid},
 * {@code forbidden}, {@code not-supported}).
 */
public final class FhirProblem extends RuntimeException {
  private final int status;
  private final String issueCode;

  public FhirProblem(int status, String issueCode, String message) {
    super(message);
    this.status = status;
    this.issueCode = issueCode;
  }

  public int status() {
    return status;
  }

  public String issueCode() {
    return issueCode;
  }
}
