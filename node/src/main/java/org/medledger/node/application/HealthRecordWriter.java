package org.medledger.node.application;

import org.medledger.crypto.Hash;

/**
 * Stores a health document for a patient through the health-records application's vault, for
 * another application that produces records (safety: a patient's device readings as FHIR
 * Observations): sealed to the patient's encryption key, placed as shards on the validators, and
 * registered on the ledger under the node's organisation as custodian, exactly as records' own
 * upload does, with its refusals (a patient not registered, without an encryption key, or who has
 * not put this organisation in her care list). Provided through {@link ApplicationServices} by
 * the application that keeps records.
 */
public interface HealthRecordWriter {
  /**
   * Blocks until the record is registered (or refused).
   *
   * @param author the member (or this node) the record is registered as written by
   * @param patient the patient's pseudonymous id
   * @param resourceType the document's FHIR type ({@code Bundle} for a collection)
   * @param category the record's category, 1-32 of a-z 0-9 -
   * @throws RuntimeException naming why the record was not stored
   */
  Stored store(Hash author, byte[] document, Hash patient, String resourceType, String category);

  /** The record's hash (its id) and the transaction that registered it. */
  record Stored(Hash record, Hash transactionId, long height) {}
}
