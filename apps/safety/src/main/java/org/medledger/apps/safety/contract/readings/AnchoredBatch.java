package org.medledger.apps.safety.contract.readings;

import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What the ledger keeps of one anchored batch: the gateway's organisation and its batch id, the
 * Merkle root of its readings, how many there are, the digest of the devices they came from, and
 * who anchored it when.
 */
public record AnchoredBatch(String organisation, String batchId, Hash root, long count, Hash deviceSetDigest,
    Hash anchoredBy, Hash transactionId, long height, long timestamp) {

  public byte[] encode() {
    return new CanonicalWriter(256).u8(1).string(organisation).string(batchId).fixed(root.unsafeBytes(), Hash.LENGTH)
        .u64(count).fixed(deviceSetDigest.unsafeBytes(), Hash.LENGTH).fixed(anchoredBy.unsafeBytes(), Hash.LENGTH)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH).u64(height).u64(timestamp).toByteArray();
  }

  public static AnchoredBatch decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("anchored batch version");
    if (version != 1) {
      throw new org.medledger.core.codec.DecodeException("anchored batch: version " + version + ", only 1 is known");
    }
    AnchoredBatch b = new AnchoredBatch(r.string("organisation", 128), r.string("batch", 128), Hash.of(r.fixed(Hash.LENGTH, "root")),
        r.u64("count"), Hash.of(r.fixed(Hash.LENGTH, "devices")), Hash.of(r.fixed(Hash.LENGTH, "anchoredBy")),
        Hash.of(r.fixed(Hash.LENGTH, "transactionId")), r.u64("height"), r.u64("timestamp"));
    r.expectEnd("anchored batch");
    return b;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("organisation", organisation);
    m.put("batch", batchId);
    m.put("root", root.hex());
    m.put("count", Long.toString(count));
    m.put("devices", deviceSetDigest.hex());
    m.put("anchoredBy", anchoredBy.hex());
    m.put("transactionId", transactionId.hex());
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
