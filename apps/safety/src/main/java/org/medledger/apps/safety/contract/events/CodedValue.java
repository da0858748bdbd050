package org.medledger.apps.safety.contract.events;

/**
 * One value of a FHIR code list a report carries (seriousness, outcome, causality): its code, as
 * the ledger keeps it and FHIR exchanges it, and the words a person reads. Each list is an enum
 * whose declaration order is the list's ({@link CaseVersion} encodes the ordinal), looked up
 * through its {@link CodeList}.
 */
public interface CodedValue {
  /** A code and its words, as an enum constant of a code list is declared with them. */
  record Code(String code, String display) {}

  Code coded();

  default String code() {
    return coded().code();
  }

  default String display() {
    return coded().display();
  }
}
