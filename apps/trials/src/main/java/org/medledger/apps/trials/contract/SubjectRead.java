package org.medledger.apps.trials.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One read of a participant's {@code ResearchSubject}, served or refused, logged on the ledger by
 * the node that answered before it answered (as records logs every read of health data and care
 * every look at a timeline): who asked (certificate, organisation, role) and the answer. A
 * refused read is kept too, so the patient and the regulator see every attempt. {@code id} is the
 * logging transaction.
 */
public record SubjectRead(Hash id, Hash participant, Hash viewer, String viewerOrganisation, String viewerRole, boolean served,
    String loggedBy, long height, long timestamp) {

  public byte[] encode() {
    return new CanonicalWriter(192).u8(1).fixed(id.unsafeBytes(), Hash.LENGTH).fixed(participant.unsafeBytes(), Hash.LENGTH)
        .fixed(viewer.unsafeBytes(), Hash.LENGTH).string(viewerOrganisation).string(viewerRole).bool(served).string(loggedBy)
        .u64(height).u64(timestamp).toByteArray();
  }

  public static SubjectRead decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("subjectRead.format");
    SubjectRead s = new SubjectRead(Hash.of(r.fixed(Hash.LENGTH, "subjectRead.id")), Hash.of(r.fixed(Hash.LENGTH,
        "subjectRead.participant")), Hash.of(r.fixed(Hash.LENGTH, "subjectRead.viewer")), r.string("subjectRead.viewerOrganisation",
        256), r.string("subjectRead.viewerRole", 32), r.bool("subjectRead.served"), r.string("subjectRead.loggedBy", 256),
        r.u64("subjectRead.height"), r.u64("subjectRead.timestamp"));
    r.expectEnd("subject read");
    return s;
  }
}
