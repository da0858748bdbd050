package org.medledger.apps.care.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.CareTestLedger;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;

/** Episodes of care as the ledger tells them: a hospital's entries, closed by its discharge (docs/care.md, FHIR). */
class CareEpisodesTest {
  final CareTestLedger ledger = new CareTestLedger();
  final long registered = ledger.now();
  final Hash patient = ledger.patient(1, ledger.drWang, ledger.drChen);
  final Caller herself = ledger.patientMember("patient-1", 1);

  List<CareEpisodes.Episode> episodes() {
    return CareEpisodes.of(ledger.state, patient, ledger::blockTime);
  }

  Hash milestone(Caller by, String type) {
    ledger.later(1_000);
    ledger.ok(ledger.care(by, CareContract.MILESTONE, "patient", patient.hex(), "type", type));
    List<Milestone> all = CareContract.milestonesOf(ledger.state, patient);
    return all.get(all.size() - 1).id();
  }

  Hash version(Hash record, int number, Hash previous) {
    ledger.later(1_000);
    if (previous == null) {
      ledger.ok(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "CarePlan", "record",
          record.hex(), "version", "1", "reason", "admitted"));
    } else {
      ledger.ok(ledger.care(ledger.drWang, CareContract.PLAN_VERSION, "patient", patient.hex(), "kind", "CarePlan", "record",
          record.hex(), "version", Integer.toString(number), "previous", previous.hex(), "reason", "readmitted"));
    }
    return CareContract.find(ledger.state, record).orElseThrow().transactionId();
  }

  @Test
  void aHospitalsEpisodeRunsFromItsFirstEntryOrHerRegistrationToItsDischarge() {
    Hash first = ledger.record(patient, "CarePlan", "hospital-a", 1);
    Hash second = ledger.record(patient, "CarePlan", "hospital-a", 2);
    Hash admitted = version(first, 1, null);
    Hash discharged = milestone(ledger.drWang, "discharge");
    // Neither opens an episode: a follow-up of the one just closed, and what she reports herself.
    milestone(ledger.drWang, "follow-up-done");
    milestone(herself, "patient-reported-outcome");
    assertThat(episodes()).extracting(CareEpisodes.Episode::id).containsExactly(admitted);

    Hash followedUp = milestone(ledger.drChen, "follow-up-done");
    Hash readmitted = version(second, 2, first);
    Hash dischargedAgain = milestone(ledger.drWang, "discharge");

    List<CareEpisodes.Episode> all = episodes();
    assertThat(all).extracting(e -> e.organisation() + ":" + e.finished())
        .containsExactly("hospital-a:true", "hospital-b:false", "hospital-a:true");
    assertThat(all).extracting(CareEpisodes.Episode::id).containsExactly(admitted, followedUp, readmitted);
    // The first at each hospital starts at her registration there, the later one at its first entry.
    assertThat(all.get(0).start()).isEqualTo(registered);
    assertThat(all.get(1).start()).isEqualTo(registered);
    assertThat(all.get(2).start()).isEqualTo(CareContract.find(ledger.state, second).orElseThrow().timestamp());
    assertThat(all.get(0).discharge().map(Milestone::id)).contains(discharged);
    assertThat(all.get(2).discharge().map(Milestone::id)).contains(dischargedAgain);
    assertThat(all).allSatisfy(e -> assertThat(e.patient()).isEqualTo(patient));
  }

  @Test
  void aPatientWithNoHospitalEntryHasNoEpisodeAndAnUnknownRegistrationTimeFallsBackToTheEntry() {
    milestone(herself, "patient-reported-outcome");
    assertThat(episodes()).isEmpty();
    Hash discharge = milestone(ledger.drWang, "discharge");
    List<CareEpisodes.Episode> unknownBlocks = CareEpisodes.of(ledger.state, patient, h -> Optional.empty());
    assertThat(unknownBlocks).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(discharge);
      assertThat(e.finished()).isTrue();
      assertThat(e.start()).isEqualTo(e.discharge().orElseThrow().timestamp());
    });
  }
}
