package org.medledger.apps.records.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Custodial erasure needs two people (issue 20, finding 8): an erasure cannot be undone, so the
 * wallet signs it only after a member of staff relayed the patient's request (with her step-up
 * code) and a second, different one approved it within {@link #LIFETIME_MILLIS}. Requests wait
 * here, in memory: a restart drops them and the patient asks again, which is safer than an
 * approval outliving the node that saw the request. One request per patient waits at a time,
 * so the map is bounded by the wallet's patients.
 */
public final class ErasureApprovals {
  /** How long a request waits for its second person. */
  public static final long LIFETIME_MILLIS = 24L * 60 * 60 * 1000;

  /** What was asked, by whom, and until when a second person may approve it. */
  public record Pending(String id, PatientId patient, Hash requestedBy, String requesterName, String reference,
      long upToHeight, long expiresAtMillis) {}

  /** Why an approval was refused. */
  public enum Refusal {
    UNKNOWN, EXPIRED, SAME_PERSON
  }

  /** A refused approval, with a message a person understands. */
  public static final class Refused extends Exception {
    private final Refusal reason;

    Refused(Refusal reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Refusal reason() {
      return reason;
    }
  }

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<PatientId, Pending> pending = new HashMap<>();

  public ErasureApprovals(Clock clock) {
    this.clock = clock;
  }

  /** The request waiting for the patient, if any and not expired. */
  public synchronized java.util.Optional<Pending> waiting(PatientId patient) {
    Pending p = pending.get(patient);
    if (p != null && clock.millis() >= p.expiresAtMillis()) {
      pending.remove(patient);
      p = null;
    }
    return java.util.Optional.ofNullable(p);
  }

  /** Records a request; the caller has checked that none is waiting and spent the patient's step-up code. */
  public synchronized Pending request(PatientId patient, Hash requestedBy, String requesterName, String reference,
      long upToHeight) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    Pending p = new Pending(Hex.encode(id), patient, requestedBy, requesterName, reference, upToHeight,
        clock.millis() + LIFETIME_MILLIS);
    pending.put(patient, p);
    return p;
  }

  /**
   * Takes the request out for signing when {@code approver} is not the person who made it (neither
   * the same certificate nor the same name: one person with two certificates is still one person).
   */
  public synchronized Pending approve(PatientId patient, String id, Hash approver, String approverName) throws Refused {
    Pending p = pending.get(patient);
    if (p == null || !p.id().equals(id)) {
      throw new Refused(Refusal.UNKNOWN, "no erasure request " + id + " waits for patient " + patient);
    }
    if (clock.millis() >= p.expiresAtMillis()) {
      pending.remove(patient);
      throw new Refused(Refusal.EXPIRED, "erasure request " + id + " expired unapproved after "
          + LIFETIME_MILLIS / 3_600_000 + " h; the patient must ask again");
    }
    if (p.requestedBy().equals(approver) || p.requesterName().equals(approverName)) {
      throw new Refused(Refusal.SAME_PERSON, "erasure request " + id + " was made by " + p.requesterName()
          + ": a second, different member of staff must approve it");
    }
    pending.remove(patient);
    return p;
  }
}
