package org.medledger.apps.trials.contract;

import java.nio.charset.StandardCharsets;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A participant enrolled into a trial (FHIR {@code ResearchSubject}): the pseudonymous
 * participant id, the research consent that allowed it (records' consent, purpose {@code
 * HRESCH}, for the trial's sponsor), the version of the registration in force, who enrolled and
 * when. The patient's id is not kept here: the consent names her, and records decides who may
 * read that.
 *
 * @param participant {@link #participantId} of the trial and the patient
 * @param enrolledBy the enrolling member's organisation (an investigator's site, or the sponsor)
 */
public record Enrolment(
    Hash participant,
    String trialId,
    Hash consent,
    int version,
    String enrolledBy,
    Hash transaction,
    long height,
    long timestamp) {

  /**
   * {@code H(string "medledger/trials/participant/v1" ‖ string trialId ‖ fixed 32 patient)}: one
   * id per patient and trial, so she is enrolled once, and her ids in two trials do not match.
   */
  public static Hash participantId(HashFunction hash, String trialId, Hash patient) {
    return Hash.of(hash.hash(new CanonicalWriter(128).string("medledger/trials/participant/v1").string(trialId)
        .fixed(patient.unsafeBytes(), Hash.LENGTH).toByteArray()));
  }

  public byte[] encode() {
    return new CanonicalWriter(256).u8(2).fixed(participant.unsafeBytes(), Hash.LENGTH).string(trialId)
        .fixed(consent.unsafeBytes(), Hash.LENGTH).u32(version).string(enrolledBy).fixed(transaction.unsafeBytes(), Hash.LENGTH)
        .u64(height).u64(timestamp).toByteArray();
  }

  public static Enrolment decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int v = r.u8("enrolment.version");
    if (v != 2) {
      throw new org.medledger.core.codec.DecodeException("enrolment.version: " + v + " is not 2 (an enrolment with its research"
          + " consent)");
    }
    Enrolment e = new Enrolment(Hash.of(r.fixed(Hash.LENGTH, "enrolment.participant")), r.string("enrolment.trialId", 64),
        Hash.of(r.fixed(Hash.LENGTH, "enrolment.consent")), (int) r.u32("enrolment.registrationVersion"),
        r.string("enrolment.enrolledBy", 256), Hash.of(r.fixed(Hash.LENGTH, "enrolment.transaction")), r.u64("enrolment.height"),
        r.u64("enrolment.timestamp"));
    r.expectEnd("enrolment");
    return e;
  }

  /** The trial id a {@code subject/{participant}} index entry holds. */
  static byte[] indexValue(String trialId) {
    return trialId.getBytes(StandardCharsets.UTF_8);
  }
}
