package org.medledger.apps.care.contract;

import org.medledger.crypto.Hash;

/** The care contract's state keys (local to its namespace); docs/care.md, "On the ledger". */
final class CareKeys {
  private CareKeys() {}

  /** One version of a plan or goal, by the hash of the record that holds its FHIR document. */
  static String version(Hash record) {
    return "version/" + record.hex();
  }

  /** The record of the latest version of a chain: the only version a new one may follow. */
  static String head(Hash chain) {
    return "head/" + chain.hex();
  }

  /** The patient's plan and goal chains, listed by chain. */
  static String patientChain(Hash patient, Hash chain) {
    return patientChains(patient) + chain.hex();
  }

  static String patientChains(Hash patient) {
    return "patient/" + patient.hex() + "/";
  }

  /** One milestone, by the transaction that recorded it. */
  static String milestone(Hash id) {
    return "milestone/" + id.hex();
  }

  /** The patient's milestones, listed by id. */
  static String patientMilestone(Hash patient, Hash id) {
    return patientMilestones(patient) + id.hex();
  }

  static String patientMilestones(Hash patient) {
    return "milestones/" + patient.hex() + "/";
  }

  /** One logged look at the patient's timeline, by the transaction that logged it. */
  static String view(Hash patient, Hash id) {
    return views(patient) + id.hex();
  }

  static String views(Hash patient) {
    return "view/" + patient.hex() + "/";
  }

  /** The patient's permission for one organisation to read one milestone. */
  static String share(Hash milestone, String organisation) {
    return "share/" + milestone.hex() + "/" + organisation;
  }
}
