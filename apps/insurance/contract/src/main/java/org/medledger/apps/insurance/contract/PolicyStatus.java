package org.medledger.apps.insurance.contract;

/** A policy's standing (FHIR {@code Coverage.status}: active, cancelled). */
public enum PolicyStatus {
  ACTIVE,
  /** Cancelled from {@link Policy#cancelledFromDay()}: services before it stay covered. */
  CANCELLED
}
