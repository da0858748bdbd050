package org.medledger.apps.insurance.contract;

import java.util.List;

/**
 * A claim's adjudication (FHIR {@code ClaimResponse}, and the figures of its {@code
 * ExplanationOfBenefit}): one result per line, in the claim's line order, and the totals.
 */
public record Adjudication(List<LineResult> lines) {
  public Adjudication {
    lines = List.copyOf(lines);
  }

  public long billed() {
    return lines.stream().mapToLong(LineResult::billed).reduce(0, Math::addExact);
  }

  public long allowed() {
    return lines.stream().mapToLong(LineResult::allowed).reduce(0, Math::addExact);
  }

  public long insurerPays() {
    return lines.stream().mapToLong(LineResult::insurerPays).reduce(0, Math::addExact);
  }

  public long patientOwes() {
    return lines.stream().mapToLong(LineResult::patientOwes).reduce(0, Math::addExact);
  }

  public long otherPayer() {
    return lines.stream().mapToLong(LineResult::otherPayer).reduce(0, Math::addExact);
  }
}
