package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.Hash;

/** Issue 16, item 8: every look at a timeline is logged on the ledger, by a node only. */
class TimelineViewsTest {
  final CareTestLedger ledger = new CareTestLedger();
  final Hash patient = ledger.patient(1, ledger.drWang);

  @Test
  void aNodeLogsServedAndRefusedViewsAndNoMemberCanLogOne() {
    ledger.ok(ledger.care(ledger.nodeA, CareContract.TIMELINE_VIEWED, "patient", patient.hex(), "viewer",
        ledger.drWang.certificateId().hex(), "outcome", "served", "organisations", "hospital-a,hospital-b", "entries", "4"));
    ledger.ok(ledger.care(ledger.nodeA, CareContract.TIMELINE_VIEWED, "patient", patient.hex(), "viewer",
        ledger.drChen.certificateId().hex(), "outcome", "refused", "entries", "0"));
    List<TimelineView> views = CareContract.viewsOf(ledger.state, patient);
    assertThat(views).extracting(TimelineView::viewerOrganisation).containsExactly("hospital-a", "hospital-b");
    assertThat(views.get(0).served()).isTrue();
    assertThat(views.get(0).organisationsShown()).isEqualTo("hospital-a,hospital-b");
    assertThat(views.get(1).served()).isFalse();
    assertThat(views).allSatisfy(v -> assertThat(v.loggedBy()).isEqualTo("hospital-a"));
    assertThat(TimelineView.decode(views.get(0).encode())).isEqualTo(views.get(0));

    List<String> before = ledger.snapshot();
    // A clinician cannot write the audit herself (e.g. to hide or invent a look).
    assertThat(ledger.care(ledger.drWang, CareContract.TIMELINE_VIEWED, "patient", patient.hex(), "viewer",
        ledger.drChen.certificateId().hex(), "outcome", "refused", "entries", "0").code())
        .isEqualTo("forbidden");
    assertThat(ledger.care(ledger.nodeA, CareContract.TIMELINE_VIEWED, "patient", patient.hex(), "viewer",
        Hash.of(new byte[32]).hex(), "outcome", "served", "entries", "0").code()).isEqualTo("unknown_viewer");
    assertThat(ledger.care(ledger.nodeA, CareContract.TIMELINE_VIEWED, "patient", patient.hex(), "viewer",
        ledger.drChen.certificateId().hex(), "outcome", "refused", "organisations", "hospital-a", "entries", "1").message())
        .contains("a refused view shows no entries");
    assertThat(ledger.snapshot()).isEqualTo(before);
  }
}
