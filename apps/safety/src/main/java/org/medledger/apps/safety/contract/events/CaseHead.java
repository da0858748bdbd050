package org.medledger.apps.safety.contract.events;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * What stays fixed of a case from its first report: whose case it is (the patient), what it
 * suspects, who reported it (organisation, role and certificate: only they follow it up), when,
 * and how many versions it has. The versions themselves are kept one a key ({@link CaseVersion}).
 *
 * @param caseId the first report's transaction id (64 hex): no one can choose another's id
 * @param patient the patient's id (64 hex)
 * @param reporterOrganisation the reporting member's organisation
 * @param reporterRole {@code clinician}, {@code pharmacy} or {@code patient}
 * @param reporter the reporting certificate's id (64 hex)
 */
public record CaseHead(String caseId, String patient, Suspect suspect, String reporterOrganisation, String reporterRole,
    String reporter, long reportedHeight, long reportedTime, int versions) {

  public boolean patientReported() {
    return "patient".equals(reporterRole);
  }

  CaseHead withVersions(int n) {
    return new CaseHead(caseId, patient, suspect, reporterOrganisation, reporterRole, reporter, reportedHeight, reportedTime, n);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1).string(caseId).string(patient);
    suspect.writeTo(w);
    return w.string(reporterOrganisation).string(reporterRole).string(reporter).u64(reportedHeight).u64(reportedTime)
        .u32(versions).toByteArray();
  }

  public static CaseHead decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("case.version");
    if (version != 1) {
      throw new DecodeException("case.version: " + version + " is not 1");
    }
    CaseHead h = new CaseHead(r.string("case.id", 64), r.string("case.patient", 64), Suspect.readFrom(r),
        r.string("case.organisation", 256), r.string("case.role", 32), r.string("case.reporter", 64), r.u64("case.height"),
        r.u64("case.time"), r.u32("case.versions"));
    r.expectEnd("case");
    return h;
  }
}
