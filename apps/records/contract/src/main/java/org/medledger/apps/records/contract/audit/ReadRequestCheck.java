package org.medledger.apps.records.contract.audit;

import java.security.PublicKey;
import java.util.Optional;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.crypto.CryptoSuite;

/**
 * Whether an access event's signed request is its requester's own request for exactly that read:
 * the same chain, requester, record and purpose, the break-glass reason she stated, made within
 * {@link AuditContract#MAX_EVENT_SKEW_MILLIS} of {@code now}, and signed by the key of her
 * registered certificate. One rule for the audit contract (at the block's time), the serving node
 * (before it decides) and the custodian (before it shares a key). Pure: no I/O, no clock.
 */
public final class ReadRequestCheck {
  private ReadRequestCheck() {}

  /** What is wrong with {@code signed} for {@code event}, or empty when it holds. */
  public static Optional<String> problem(CryptoSuite suite, String signingChainId, AccessEvent event, SignedReadRequest signed,
      PublicKey requesterKey, long now) {
    ReadRequest r = signed.request();
    if (!r.signingChainId().equals(signingChainId)) {
      return Optional.of("the read request is for chain " + r.signingChainId() + ", not this one");
    }
    if (!r.requester().equals(event.requester())) {
      return Optional.of("the read request is by " + r.requester() + ", not by the requester " + event.requester());
    }
    if (!r.record().equals(event.record())) {
      return Optional.of("the read request is for record " + r.record() + ", not " + event.record());
    }
    if (r.purpose() != event.purpose()) {
      return Optional.of("the read request is for " + r.purpose().name() + ", not " + event.purpose().name());
    }
    if (event.basis() == AccessDecision.Basis.BREAK_GLASS
        && (r.reason().isBlank() || !event.reason().equals(AccessEvent.truncate("break-glass: " + r.reason().strip())))) {
      return Optional.of("a break-glass read needs the reason the requester stated in her signed request");
    }
    if (Math.abs(r.time() - now) > AuditContract.MAX_EVENT_SKEW_MILLIS) {
      return Optional.of("the read request was made at " + r.time() + ", more than " + AuditContract.MAX_EVENT_SKEW_MILLIS
          + " ms from " + now);
    }
    if (!signed.verifies(suite, requesterKey)) {
      return Optional.of("the read request is not signed by the key of requester " + event.requester() + "'s certificate");
    }
    return Optional.empty();
  }

  /**
   * Whether an event needs a signed request: every one but a patient's read of her own records
   * (her download link, whose token the node itself issued to her), which no custodian shares a
   * key for.
   */
  public static boolean required(String role, AccessDecision.Basis basis) {
    return !"patient".equals(role) || (basis != AccessDecision.Basis.PATIENT && basis != AccessDecision.Basis.NONE);
  }
}
