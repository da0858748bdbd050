package org.medledger.apps.records.node.api;

import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.ReadRequestException;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.application.HealthRecordReader;
import org.medledger.node.auth.Identity;
import org.medledger.node.vault.VaultException;

/**
 * Health records' {@link HealthRecordReader} for other applications: the same policy point,
 * signed read request, committed access event and vault fetch as {@code GET
 * /v1/records/{hash}/content}, so a record cited elsewhere (a claim's evidence) is read under the
 * same rules and leaves the same trace in the patient's audit.
 */
public final class PolicyPointReader implements HealthRecordReader {
  /** A stored document read back from the shards: how long to wait for enough of them. */
  private static final long FETCH_WAIT_MILLIS = 10_000;
  private final HealthService health;
  private final RecordVault vault;
  private final AuditGate audits;

  public PolicyPointReader(HealthService health, RecordVault vault, AuditGate audits) {
    this.health = health;
    this.vault = vault;
    this.audits = audits;
  }

  @Override
  public Read read(Identity reader, Hash record, String purpose, String signedReadRequest) {
    PurposeOfUse why;
    try {
      why = PurposeOfUse.parse(purpose);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("purpose: " + e.getMessage());
    }
    HealthService.Read read;
    try {
      read = health.read(new Caller(reader.certificateId(), reader.organisation(), reader.role(), reader.name()), record, why,
          null, HealthService.requestHeader(signedReadRequest));
    } catch (ReadRequestException e) {
      throw new ApiError(400, e.code(), e.getMessage());
    }
    String auditTx = audits.awaitCommitted(read);
    var d = read.decision();
    if (!d.served()) {
      return new Refused(auditTx, d.reason(), d.reason().contains("erased"));
    }
    byte[] content;
    try {
      content = vault.fetch(record, FETCH_WAIT_MILLIS);
    } catch (VaultException e) {
      throw new ApiError(e.code().equals("erased") ? 410 : 503, e.code(), e.getMessage());
    }
    return new Served(auditTx, d.basis().wireName(), d.consent().equals(Hash.ZERO) ? null : d.consent().hex(),
        read.record().orElseThrow().resourceType(), content);
  }
}
