package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;

/** Issue 20 finding 8: a custodial erasure waits for a second, different person, and not forever. */
class ErasureApprovalsTest {
  private final PatientId patient = PatientId.parse("ab".repeat(32));
  private final Hash wang = Hash.fromHex("01".repeat(32));
  private final Hash admin = Hash.fromHex("02".repeat(32));
  private final Hash wangsSecondCertificate = Hash.fromHex("03".repeat(32));

  @Test
  void theSamePersonTwiceIsRefusedEvenWithAnotherCertificate() throws Exception {
    ErasureApprovals approvals = new ErasureApprovals(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
    var p = approvals.request(patient, wang, "dr-wang", "gdpr-1", 7);
    assertThatThrownBy(() -> approvals.approve(patient, p.id(), wang, "dr-wang"))
        .isInstanceOfSatisfying(ErasureApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo(ErasureApprovals.Refusal.SAME_PERSON));
    assertThatThrownBy(() -> approvals.approve(patient, p.id(), wangsSecondCertificate, "dr-wang"))
        .isInstanceOfSatisfying(ErasureApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo(ErasureApprovals.Refusal.SAME_PERSON));
    assertThatThrownBy(() -> approvals.approve(patient, "00".repeat(16), admin, "admin-a"))
        .isInstanceOfSatisfying(ErasureApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo(ErasureApprovals.Refusal.UNKNOWN));
    var approved = approvals.approve(patient, p.id(), admin, "admin-a");
    assertThat(approved.upToHeight()).isEqualTo(7);
    assertThat(approved.reference()).isEqualTo("gdpr-1");
    assertThat(approvals.waiting(patient)).isEmpty();
  }

  @Test
  void anUnapprovedRequestExpires() {
    long[] now = {1_000};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now[0]);
      }
    };
    ErasureApprovals approvals = new ErasureApprovals(clock);
    var p = approvals.request(patient, wang, "dr-wang", "gdpr-1", 7);
    now[0] += ErasureApprovals.LIFETIME_MILLIS;
    assertThatThrownBy(() -> approvals.approve(patient, p.id(), admin, "admin-a"))
        .isInstanceOfSatisfying(ErasureApprovals.Refused.class, e -> assertThat(e.reason()).isEqualTo(ErasureApprovals.Refusal.EXPIRED));
    assertThat(approvals.waiting(patient)).isEmpty();
  }
}
