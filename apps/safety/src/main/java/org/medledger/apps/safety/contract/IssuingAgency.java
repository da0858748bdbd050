package org.medledger.apps.safety.contract;

/** The FDA-accredited issuing agencies whose UDI formats the ledger reads (ICCBBA is not read yet). */
public enum IssuingAgency {
  GS1,
  HIBCC
}
