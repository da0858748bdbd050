package org.medledger.apps.insurance.contract;

/**
 * One line's adjudication, in minor units (CARIN Blue Button's EOB breakdown): {@code billed} =
 * {@code otherPayer} + {@code insurerPays} + {@code patientOwes}; {@code allowed} is what the
 * product recognises of the billed amount (0 when not covered), of which the patient bears
 * {@code deductible} and {@code coinsurance}.
 */
public record LineResult(LineReason reason, long billed, long allowed, long deductible, long coinsurance, long otherPayer,
    long insurerPays, long patientOwes) {
  public LineResult {
    if (billed < 0 || allowed < 0 || deductible < 0 || coinsurance < 0 || otherPayer < 0 || insurerPays < 0
        || patientOwes < 0) {
      throw new IllegalArgumentException("a line's amounts are never negative");
    }
    if (billed != otherPayer + insurerPays + patientOwes) {
      throw new IllegalArgumentException("billed " + billed + " is not other payer " + otherPayer + " + insurer "
          + insurerPays + " + patient " + patientOwes);
    }
  }

  static LineResult notCovered(LineReason reason, long billed, long otherPayer) {
    return new LineResult(reason, billed, 0, 0, 0, otherPayer, 0, billed - otherPayer);
  }
}
