package org.medledger.apps.notary.contract;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/** A document fingerprint anchored on the ledger, and who anchored it when. */
public record NotaryRecord(
    String fingerprint,
    String documentType,
    String ownerOrganisation,
    Hash anchoredBy,
    Hash transactionId,
    long height,
    long timestamp) {

  public NotaryRecord {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(documentType, "documentType");
    Objects.requireNonNull(ownerOrganisation, "ownerOrganisation");
    Objects.requireNonNull(anchoredBy, "anchoredBy");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  public byte[] encode() {
    return new CanonicalWriter(256)
        .u8(1)
        .string(fingerprint)
        .string(documentType)
        .string(ownerOrganisation)
        .fixed(anchoredBy.unsafeBytes(), Hash.LENGTH)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH)
        .u64(height)
        .u64(timestamp)
        .toByteArray();
  }

  public static NotaryRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("notary.version");
    NotaryRecord rec = new NotaryRecord(
        r.string("notary.fingerprint", 256),
        r.string("notary.documentType", 256),
        r.string("notary.owner", 256),
        Hash.of(r.fixed(Hash.LENGTH, "notary.anchoredBy")),
        Hash.of(r.fixed(Hash.LENGTH, "notary.transactionId")),
        r.u64("notary.height"),
        r.u64("notary.timestamp"));
    r.expectEnd("notary record");
    return rec;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("fingerprint", fingerprint);
    m.put("type", documentType);
    m.put("owner", ownerOrganisation);
    m.put("anchoredBy", anchoredBy.hex());
    m.put("txId", transactionId.hex());
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
