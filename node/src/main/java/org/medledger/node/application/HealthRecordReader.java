package org.medledger.node.application;

import org.medledger.crypto.Hash;
import org.medledger.node.auth.Identity;

/**
 * A read of one health record through the health-records application's policy point, for another
 * application that cites records (insurance: a claim's evidence, read by the insurer's assessor).
 * The provider decides the read on the ledger (the reader's role, a consent in force for {@code
 * purpose}, the reader's own signed read request) and commits its access event, served or refused,
 * before it answers, exactly as its own record routes do; the caller never reads records another
 * way. Provided through {@link ApplicationServices} by the application that keeps records.
 */
public interface HealthRecordReader {
  /** The header a reader's signed read request travels in, on every route that reads a record. */
  String READ_REQUEST_HEADER = "X-MedLedger-Read-Request";

  /**
   * @param purpose an HL7 PurposeOfUse code ({@code HPAYMT} for a payer)
   * @param signedReadRequest the reader's own signed read request as its header carries it (hex), or null
   * @throws org.medledger.node.api.ApiError for a malformed or missing read request or purpose (400), an audit
   *     that could not be committed (503), a reader of another organisation than this node's (403)
   */
  Read read(Identity reader, Hash record, String purpose, String signedReadRequest);

  /** What the policy point decided, with the committed access event's transaction id. */
  sealed interface Read {
    String auditTx();
  }

  /**
   * @param basis why it was served ({@code consent}, {@code custodian}, ...)
   * @param consent the consent that served it, or null
   * @param resourceType the record's FHIR type ({@code Binary} for other bytes)
   */
  record Served(String auditTx, String basis, String consent, String resourceType, byte[] content) implements Read {}

  /** @param erased whether the record was erased on the patient's request */
  record Refused(String auditTx, String reason, boolean erased) implements Read {}
}
