package org.medledger.apps.safety.contract.devices;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One assignment of a device unit to a patient: the unit's how-many-th it is (from 1), the
 * pseudonymous patient, the hospital that assigned it, and from and (once ended) to which block;
 * {@code endedHeight} is 0 while it is in force.
 */
public record UnitAssignment(int number, Hash patient, String hospital, long fromHeight, long fromTimestamp, Hash consentStatement,
    long endedHeight, String endReason) {

  public boolean inForce() {
    return endedHeight == 0;
  }

  public UnitAssignment ended(long height, String reason) {
    return new UnitAssignment(number, patient, hospital, fromHeight, fromTimestamp, consentStatement, height, reason);
  }

  public byte[] encode() {
    return write(new CanonicalWriter(160)).toByteArray();
  }

  CanonicalWriter write(CanonicalWriter w) {
    return w.u8(1).u32(number).fixed(patient.unsafeBytes(), Hash.LENGTH).string(hospital).u64(fromHeight).u64(fromTimestamp)
        .fixed(consentStatement.unsafeBytes(), Hash.LENGTH).u64(endedHeight).string(endReason);
  }

  public static UnitAssignment decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    UnitAssignment a = read(r);
    r.expectEnd("unit assignment");
    return a;
  }

  static UnitAssignment read(CanonicalReader r) {
    r.u8("assignment.format");
    return new UnitAssignment(r.u32("assignment.number"), Hash.of(r.fixed(Hash.LENGTH, "assignment.patient")),
        r.string("assignment.hospital", 256), r.u64("assignment.fromHeight"), r.u64("assignment.fromTimestamp"),
        Hash.of(r.fixed(Hash.LENGTH, "assignment.consent")), r.u64("assignment.endedHeight"), r.string("assignment.endReason", 4_000));
  }
}
