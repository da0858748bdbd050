package org.medledger.apps.credentials.contract;

import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * A hospital's entry that it relied on a recorded primary-source verification instead of repeating
 * it (issue 16 item 5): which verification and credential, by whom, when, and whether the
 * verification was already past its authority's maximum age at that block.
 *
 * @param id the transaction that recorded it
 * @param verification the verification's document hash
 * @param issuer the credential's issuer
 * @param licence the credential's licence number
 * @param organisation the reusing organisation
 * @param by the certificate id of its member who recorded it
 * @param renewalDue whether the verification was older than the policy's maximum age at this block
 * @param height the block that recorded it
 * @param time that block's time
 */
public record VerificationReuse(Hash id, Hash verification, String issuer, String licence, String organisation, Hash by,
    boolean renewalDue, long height, long time) {
  static final int VERSION = 1;

  public byte[] encode() {
    return new CanonicalWriter(192).u8(VERSION).fixed(id.unsafeBytes(), Hash.LENGTH)
        .fixed(verification.unsafeBytes(), Hash.LENGTH).string(issuer).string(licence).string(organisation)
        .fixed(by.unsafeBytes(), Hash.LENGTH).bool(renewalDue).u64(height).u64(time).toByteArray();
  }

  public static VerificationReuse decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("verificationReuse.version");
    if (version != VERSION) {
      throw new DecodeException("verificationReuse: version " + version + ", expected " + VERSION);
    }
    VerificationReuse v = new VerificationReuse(Hash.of(r.fixed(Hash.LENGTH, "verificationReuse.id")),
        Hash.of(r.fixed(Hash.LENGTH, "verificationReuse.verification")), r.string("verificationReuse.issuer", 256),
        r.string("verificationReuse.licence", 256), r.string("verificationReuse.organisation", 256),
        Hash.of(r.fixed(Hash.LENGTH, "verificationReuse.by")), r.bool("verificationReuse.renewalDue"),
        r.u64("verificationReuse.height"), r.u64("verificationReuse.time"));
    r.expectEnd("verificationReuse");
    return v;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("id", id.hex());
    m.put("verification", verification.hex());
    m.put("issuer", issuer);
    m.put("licence", licence);
    m.put("organisation", organisation);
    m.put("by", by.hex());
    m.put("renewalDue", Boolean.toString(renewalDue));
    m.put("height", Long.toString(height));
    m.put("time", Long.toString(time));
    return m;
  }
}
