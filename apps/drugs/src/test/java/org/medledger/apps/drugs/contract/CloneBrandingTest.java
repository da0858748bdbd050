package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.drugs.contract.DrugsContractTest.GTIN;
import static org.medledger.apps.drugs.contract.DrugsContractTest.MAKER;
import static org.medledger.apps.drugs.contract.DrugsContractTest.NODE;
import static org.medledger.apps.drugs.contract.DrugsContractTest.NODE_B;
import static org.medledger.apps.drugs.contract.DrugsContractTest.NODE_C;
import static org.medledger.apps.drugs.contract.DrugsContractTest.PHARMACY;
import static org.medledger.apps.drugs.contract.DrugsContractTest.REGULATOR;
import static org.medledger.apps.drugs.contract.DrugsContractTest.T0;
import static org.medledger.apps.drugs.contract.DrugsContractTest.TODAY;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.WriteSet;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.gs1.Sgtin;

/**
 * Issue 22, finding 4: public scans branded a genuine pack "likely clone" for good — one client
 * scanning through four nodes counted four places, and one node inventing places did the same. A
 * pack is now branded only by places that remain after setting aside any one organisation's
 * reports, each organisation counts a bounded number of places per pack, old reports decay in
 * block time, and a regulator's reset clears a branding.
 */
class CloneBrandingTest {
  static final long DAY = 86_400_000L;
  final DrugsContractTest drugs = new DrugsContractTest();

  @BeforeEach
  void packs() {
    drugs.theRegulatorRecordsPharmaCosPrefix();
    drugs.makeTwentyPacks();
  }

  /** A batch from {@code node} of one scan of {@code serial} from each of places {@code first..first+count-1}. */
  void report(long blockTime, Caller node, String serial, int first, int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      lines.append(lines.isEmpty() ? "" : "\n").append(GTIN.value()).append('\t').append(serial).append('\t')
          .append(String.format("%016x", i));
    }
    drugs.ok(drugs.runAt(blockTime, node, "recordScans", "scans", lines.toString()));
  }

  String outcome(String serial) {
    return drugs.verify(serial, null, null, null);
  }

  ScanCount scans(String serial) {
    return DrugVerifier.verify(drugs.state, new DigitalLink(new Sgtin(GTIN, serial), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).scans();
  }

  @Test
  void placesInventedByOneNodeNeverBrandAPack() {
    for (int batch = 0; batch < 20; batch++) {
      report(T0, NODE, "1", batch * 16, 16);
    }
    assertThat(outcome("1")).isEqualTo("genuine");
    assertThat(scans("1").scans()).isEqualTo(320);
    assertThat(scans("1").reports()).as("one organisation's budget per pack").hasSize(ScanCount.PLACES_PER_ORGANISATION);

    // Nor does it when an honest node saw the pack in a few real places (the shelf, the patient's home):
    // the dishonest node's places do not count towards the verdict, only the others' do.
    report(T0, NODE_B, "1", 1000, DrugsContract.CLONE_PLACES - 1);
    assertThat(scans("1").places(T0)).isEqualTo(ScanCount.PLACES_PER_ORGANISATION + DrugsContract.CLONE_PLACES - 1);
    assertThat(outcome("1")).isEqualTo("genuine");
  }

  @Test
  void aCodeScannedInManyPlacesThroughTwoOrganisationsNodesIsStillBranded() {
    report(T0, NODE, "2", 0, DrugsContract.CLONE_PLACES);
    assertThat(outcome("2")).isEqualTo("genuine");
    report(T0, NODE_B, "2", 100, DrugsContract.CLONE_PLACES);
    assertThat(outcome("2")).isEqualTo("likely_clone");
    assertThat(scans("2").organisations(T0)).isEqualTo(2);

    // Spread over three nodes, places that hold without any one of them brand a pack too.
    report(T0, NODE, "3", 0, 3);
    report(T0, NODE_B, "3", 3, 3);
    report(T0, NODE_C, "3", 6, 3);
    assertThat(scans("3").placesWithoutAnyOneOrganisation(T0)).isEqualTo(6);
    assertThat(outcome("3")).isEqualTo("likely_clone");
  }

  @Test
  void theSamePlaceReportedThroughEveryNodeCountsOnce() {
    for (int round = 0; round < 10; round++) {
      for (Caller node : new Caller[] {NODE, NODE_B, NODE_C}) {
        report(T0, node, "4", 0, 2);
      }
    }
    assertThat(scans("4").places(T0)).isEqualTo(2);
    assertThat(scans("4").scans()).isEqualTo(60);
    assertThat(outcome("4")).isEqualTo("genuine");
  }

  @Test
  void scansOlderThanTheWindowStopCounting() {
    report(T0 - 40 * DAY, NODE, "5", 0, DrugsContract.CLONE_PLACES);
    report(T0 - 40 * DAY, NODE_B, "5", 100, DrugsContract.CLONE_PLACES);
    assertThat(outcome("5")).as("branded 40 days ago, not scanned since").isEqualTo("genuine");

    report(T0 - 10 * DAY, NODE, "6", 0, DrugsContract.CLONE_PLACES);
    report(T0 - 10 * DAY, NODE_B, "6", 100, DrugsContract.CLONE_PLACES);
    assertThat(outcome("6")).as("within 30 days").isEqualTo("likely_clone");

    // A node's budget frees as its reports age: its new places are kept, every stale report dropped.
    report(T0, NODE, "5", 200, DrugsContract.CLONE_PLACES);
    assertThat(scans("5").reports()).hasSize(ScanCount.PLACES_PER_ORGANISATION)
        .allSatisfy(r -> assertThat(r).extracting(ScanCount.Report::organisation, ScanCount.Report::lastSeen).containsExactly("hospital-a", T0));
    assertThat(outcome("5")).isEqualTo("genuine");
  }

  @Test
  void onlyARegulatorResetsABrandingAndTheResetIsKept() {
    report(T0, NODE, "7", 0, DrugsContract.CLONE_PLACES);
    report(T0, NODE_B, "7", 100, DrugsContract.CLONE_PLACES);
    assertThat(outcome("7")).isEqualTo("likely_clone");

    for (Caller cheat : new Caller[] {MAKER, PHARMACY, NODE}) {
      assertThat(drugs.run(cheat, "resetScans", "gtin", GTIN.value(), "serial", "7", "reason", "ours").code())
          .as(cheat.role()).isEqualTo("forbidden");
    }
    assertThat(drugs.run(REGULATOR, "resetScans", "gtin", GTIN.value(), "serial", "7", "reason", "").code()).isEqualTo("missing_argument");
    assertThat(drugs.run(REGULATOR, "resetScans", "gtin", GTIN.value(), "serial", "7", "reason", "a\u0007b").code())
        .isEqualTo("invalid_argument");
    assertThat(drugs.run(REGULATOR, "resetScans", "gtin", GTIN.value(), "serial", "never-made", "reason", "x").code())
        .isEqualTo("unknown_pack");
    assertThat(outcome("7")).isEqualTo("likely_clone");

    var reset = drugs.runAt(T0 + 1, REGULATOR, "resetScans", "gtin", GTIN.value(), "serial", "7", "reason", "inspected: genuine");
    drugs.ok(reset);
    assertThat(reset.events()).anySatisfy(e -> assertThat(e.type()).isEqualTo("ScansReset"));
    assertThat(outcome("7")).isEqualTo("genuine");
    assertThat(scans("7").scans()).as("the total stays").isEqualTo(2 * DrugsContract.CLONE_PLACES);
    assertThat(scans("7").lastReset()).contains(new ScanCount.Reset("nmpa", T0 + 1, "inspected: genuine"));
  }

  @Test
  void aBrandingStoredBeforeThisRuleNoLongerCounts() {
    CanonicalWriter w = new CanonicalWriter().u8(1).u64(7).u32(DrugsContract.CLONE_PLACES);
    for (int i = 0; i < DrugsContract.CLONE_PLACES; i++) {
      w.string(String.format("%016x", i));
    }
    ScanCount old = ScanCount.decode(w.toByteArray());
    assertThat(old.scans()).isEqualTo(7);
    assertThat(old.reports()).isEmpty();
    WriteSet stored = new WriteSet(drugs.state);
    stored.put(StateKeys.of(DrugsContract.NAME, DrugKeys.scansKey(GTIN, "8")), w.toByteArray());
    drugs.state.apply(stored);
    assertThat(outcome("8")).isEqualTo("genuine");
  }
}
