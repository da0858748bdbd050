package org.medledger.core.governance;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.EncryptionKeyCertificate;

/** The byte form of a validator list the ledger keeps (the set once every passed change takes effect). */
public final class ValidatorList {
  private static final String MAGIC = "medledger/validators/v1";
  private static final int MAX_VALIDATORS = 1000;

  private ValidatorList() {}

  public static byte[] encode(List<ValidatorEntry> validators) {
    CanonicalWriter w = new CanonicalWriter(4096);
    w.string(MAGIC).u32(validators.size());
    for (ValidatorEntry v : validators) {
      w.string(v.organisation()).string(v.name()).string(v.nodeCertificatePem()).bytes(v.encryptionKeyCertificate().encode());
    }
    return w.toByteArray();
  }

  public static List<ValidatorEntry> decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    if (!MAGIC.equals(r.string("validators.magic", 64))) {
      throw new DecodeException("validators: not a " + MAGIC + " list");
    }
    int n = r.count("validators.count", MAX_VALIDATORS);
    List<ValidatorEntry> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String org = r.string("validator.organisation", 256);
      String name = r.string("validator.name", 256);
      String pem = r.string("validator.nodeCertificate", 64 * 1024);
      byte[] key = r.bytes("validator.encryptionKeyCertificate", 64 * 1024);
      try {
        out.add(new ValidatorEntry(org, name, pem, EncryptionKeyCertificate.decode(key)));
      } catch (IllegalArgumentException e) {
        throw new DecodeException("validator " + name + ": " + e.getMessage());
      }
    }
    r.expectEnd("validators");
    return List.copyOf(out);
  }
}
