package org.medledger.apps.credentials.contract;

import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * One logged read of a primary-source verification, served or refused: the node that keeps the
 * document logs it on the ledger before it answers, as records' audit logs every record read.
 *
 * @param id the transaction that logged it
 * @param reader the certificate id of the member who asked
 * @param readerOrganisation her organisation at that block
 * @param served whether the document was handed over
 * @param loggedBy the organisation of the node that answered
 * @param height the block that logged it
 * @param time that block's time
 */
public record VerificationRead(Hash id, Hash reader, String readerOrganisation, boolean served, String loggedBy, long height,
    long time) {
  static final int VERSION = 1;

  public byte[] encode() {
    return new CanonicalWriter(128).u8(VERSION).fixed(id.unsafeBytes(), Hash.LENGTH).fixed(reader.unsafeBytes(), Hash.LENGTH)
        .string(readerOrganisation).bool(served).string(loggedBy).u64(height).u64(time).toByteArray();
  }

  public static VerificationRead decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("verificationRead.version");
    if (version != VERSION) {
      throw new DecodeException("verificationRead: version " + version + ", expected " + VERSION);
    }
    VerificationRead v = new VerificationRead(Hash.of(r.fixed(Hash.LENGTH, "verificationRead.id")),
        Hash.of(r.fixed(Hash.LENGTH, "verificationRead.reader")), r.string("verificationRead.readerOrganisation", 256),
        r.bool("verificationRead.served"), r.string("verificationRead.loggedBy", 256), r.u64("verificationRead.height"),
        r.u64("verificationRead.time"));
    r.expectEnd("verificationRead");
    return v;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("id", id.hex());
    m.put("reader", reader.hex());
    m.put("readerOrganisation", readerOrganisation);
    m.put("outcome", served ? "served" : "refused");
    m.put("loggedBy", loggedBy);
    m.put("height", Long.toString(height));
    m.put("time", Long.toString(time));
    return m;
  }
}
