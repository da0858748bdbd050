package org.medledger.apps.credentials.contract;

import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * That a verification's document was erased at the clinician's or her licensing authority's
 * signed request: the custodian's node deletes its file and answers reads {@code 410 erased}. The
 * ledger keeps the verification's entry and hash (blocks are never rewritten), so what was
 * verified, when and by whom can still be proved; only the personal data goes.
 *
 * @param by the certificate id of the member who asked (the clinician or the authority's member)
 * @param height the block that committed the request
 * @param time that block's time
 */
public record VerificationErasure(Hash by, long height, long time) {
  static final int VERSION = 1;

  public byte[] encode() {
    return new CanonicalWriter(64).u8(VERSION).fixed(by.unsafeBytes(), Hash.LENGTH).u64(height).u64(time).toByteArray();
  }

  public static VerificationErasure decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("verificationErasure.version");
    if (version != VERSION) {
      throw new DecodeException("verificationErasure: version " + version + ", expected " + VERSION);
    }
    VerificationErasure e = new VerificationErasure(Hash.of(r.fixed(Hash.LENGTH, "verificationErasure.by")),
        r.u64("verificationErasure.height"), r.u64("verificationErasure.time"));
    r.expectEnd("verificationErasure");
    return e;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("by", by.hex());
    m.put("height", Long.toString(height));
    m.put("time", Long.toString(time));
    return m;
  }
}
