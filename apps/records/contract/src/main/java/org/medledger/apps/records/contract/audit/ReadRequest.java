package org.medledger.apps.records.contract.audit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.crypto.Hash;

/**
 * What a member signs, with her own key, to read one health record (issue 20 finding 2): the
 * chain (its signing id, so a request made for another genesis is void here), her certificate,
 * the record, the purpose, the break-glass reason she states (empty for none), when she asked and
 * a random nonce the audit spends once. Without it a node could log a read in the name of one of
 * its own clinicians who never asked, and the record's custodian would share the data key.
 *
 * <pre>
 * statement = string "medledger/read/v1" ‖ string signingChainId ‖ fixed 32 requester
 *             ‖ fixed 32 record ‖ string purpose ‖ string reason ‖ u64 time ‖ fixed 32 nonce
 * </pre>
 */
public record ReadRequest(String signingChainId, Hash requester, Hash record, PurposeOfUse purpose, String reason, long time,
    Hash nonce) {
  static final String DOMAIN = "medledger/read/v1";
  /** The signing chain id is {@code chainId/<64 hex>}: well under this. */
  static final int MAX_CHAIN_BYTES = 160;

  public ReadRequest {
    Objects.requireNonNull(signingChainId, "signingChainId");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(nonce, "nonce");
    if (reason.getBytes(StandardCharsets.UTF_8).length > AccessEvent.MAX_REASON_BYTES) {
      throw new IllegalArgumentException("a read request's reason is at most " + AccessEvent.MAX_REASON_BYTES + " bytes");
    }
  }

  /** The bytes the requester signs. */
  public byte[] statement() {
    CanonicalWriter w = new CanonicalWriter(256).string(DOMAIN);
    writeFields(w);
    return w.toByteArray();
  }

  void writeFields(CanonicalWriter w) {
    w.string(signingChainId).fixed(requester.unsafeBytes(), Hash.LENGTH).fixed(record.unsafeBytes(), Hash.LENGTH)
        .string(purpose.name()).string(reason).u64(time).fixed(nonce.unsafeBytes(), Hash.LENGTH);
  }

  static ReadRequest readFields(CanonicalReader r) {
    try {
      return new ReadRequest(r.string("read.signingChainId", MAX_CHAIN_BYTES), Hash.of(r.fixed(Hash.LENGTH, "read.requester")),
          Hash.of(r.fixed(Hash.LENGTH, "read.record")), PurposeOfUse.ofCode(r.string("read.purpose", 16)),
          r.string("read.reason", AccessEvent.MAX_REASON_BYTES), r.u64("read.time"), Hash.of(r.fixed(Hash.LENGTH, "read.nonce")));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("read request: " + e.getMessage());
    }
  }
}
