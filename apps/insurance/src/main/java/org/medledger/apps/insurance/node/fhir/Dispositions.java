package org.medledger.apps.insurance.node.fhir;

import java.time.Instant;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimStatus;

/**
 * Where a claim stands, in the words of a {@code ClaimResponse} and an {@code ExplanationOfBenefit}:
 * the outcome (a pended claim is {@code queued}, as Da Vinci PAS has it) and a disposition a person
 * reads, naming the assessor's deadline or decision.
 */
final class Dispositions {
  private Dispositions() {}

  /** Whether the outcome is {@code queued} (pended for the assessor) rather than {@code complete}. */
  static boolean queued(Claim c) {
    return c.status() == ClaimStatus.PENDED;
  }

  static String disposition(Claim c, long nowMillis) {
    String deadline = Instant.ofEpochMilli(c.pendDeadline()).toString();
    return switch (c.status()) {
      case ADJUDICATED -> "Adjudicated by the policy's rules.";
      case PENDED -> "escalated".equals(c.shownStatus(nowMillis))
          ? "Pended for the insurer's assessor (" + c.pendReason() + "); escalated: the deadline " + deadline + " has passed."
          : "Pended for the insurer's assessor (" + c.pendReason() + "); to be decided by " + deadline + ".";
      case APPROVED -> "Approved by the insurer's assessor: " + c.decisionReason();
      case DENIED -> "Denied by the insurer's assessor: " + c.decisionReason();
      case PAID -> "Paid (payment " + c.payment().hex() + ")."
          + (c.decisionReason().isEmpty() ? "" : " Approved by the insurer's assessor: " + c.decisionReason());
      case WITHDRAWN -> "Withdrawn by the submitting hospital.";
    };
  }
}
