package org.medledger.apps.trials.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * What the registry knows of a trial at a glance: whose it is, its latest version, the version
 * in force when its first participant enrolled (0 before any enrolment), how many enrolled, and
 * the height its results were submitted at (0 while none are).
 */
public record TrialHead(
    String trialId,
    String sponsorOrganisation,
    long registeredHeight,
    int latestVersion,
    int baselineVersion,
    long firstEnrolmentHeight,
    long enrolments,
    long resultsHeight,
    String resultsDue) {

  public TrialHead withVersion(int version, String due) {
    return new TrialHead(trialId, sponsorOrganisation, registeredHeight, version, baselineVersion, firstEnrolmentHeight, enrolments,
        resultsHeight, due);
  }

  public TrialHead withEnrolment(long height) {
    boolean first = enrolments == 0;
    return new TrialHead(trialId, sponsorOrganisation, registeredHeight, latestVersion, first ? latestVersion : baselineVersion,
        first ? height : firstEnrolmentHeight, enrolments + 1, resultsHeight, resultsDue);
  }

  public TrialHead withResults(long height) {
    return new TrialHead(trialId, sponsorOrganisation, registeredHeight, latestVersion, baselineVersion, firstEnrolmentHeight,
        enrolments, height, resultsDue);
  }

  /** The version results are compared with: the one in force at first enrolment, else the latest. */
  public int comparisonVersion() {
    return baselineVersion == 0 ? latestVersion : baselineVersion;
  }

  public byte[] encode() {
    return new CanonicalWriter(128).u8(1).string(trialId).string(sponsorOrganisation).u64(registeredHeight).u32(latestVersion)
        .u32(baselineVersion).u64(firstEnrolmentHeight).u64(enrolments).u64(resultsHeight).string(resultsDue).toByteArray();
  }

  public static TrialHead decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("trialHead.format");
    TrialHead h = new TrialHead(r.string("trialHead.trialId", 64), r.string("trialHead.sponsor", 256), r.u64("trialHead.registeredHeight"),
        r.u32("trialHead.latestVersion"), r.u32("trialHead.baselineVersion"), r.u64("trialHead.firstEnrolmentHeight"),
        r.u64("trialHead.enrolments"), r.u64("trialHead.resultsHeight"), r.string("trialHead.resultsDue", 10));
    r.expectEnd("trial head");
    return h;
  }
}
