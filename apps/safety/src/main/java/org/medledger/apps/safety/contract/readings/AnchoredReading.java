package org.medledger.apps.safety.contract.readings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One leaf of a batch's Merkle tree: a signed reading and the public key the gateway checked its
 * signature against (the key registered for the unit when the gateway took it). Keeping the key
 * in the leaf lets anyone holding the genesis check a single reading's signature offline: the
 * anchored root commits to the key as much as to the reading, so neither can be swapped later.
 */
public record AnchoredReading(SignedDeviceReading signed, byte[] devicePublicKey) {
  static final byte[] MAGIC = "MLAR".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** An X.509 SubjectPublicKeyInfo of P-256 or SM2 is 91 bytes. */
  public static final int MAX_KEY = 256;

  public AnchoredReading {
    if (signed == null) {
      throw new IllegalArgumentException("no signed reading");
    }
    if (devicePublicKey == null || devicePublicKey.length == 0 || devicePublicKey.length > MAX_KEY) {
      throw new IllegalArgumentException("device public key must be 1-" + MAX_KEY + " bytes of SubjectPublicKeyInfo");
    }
    devicePublicKey = devicePublicKey.clone();
  }

  @Override
  public byte[] devicePublicKey() {
    return devicePublicKey.clone();
  }

  public DeviceReading reading() {
    return signed.reading();
  }

  /** The leaf's bytes (RFC 9162 hashes them with the 0x00 leaf prefix): MLAR, version 1, signed reading, key. */
  public byte[] encode() {
    return new CanonicalWriter(384).fixed(MAGIC, MAGIC.length).u8(VERSION).bytes(signed.encode()).bytes(devicePublicKey)
        .toByteArray();
  }

  public static AnchoredReading decode(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("anchored reading: no bytes");
    }
    CanonicalReader r = new CanonicalReader(bytes);
    if (!Arrays.equals(r.fixed(MAGIC.length, "anchored reading magic"), MAGIC)) {
      throw new DecodeException("anchored reading: does not start with MLAR");
    }
    int version = r.u8("anchored reading version");
    if (version != VERSION) {
      throw new DecodeException("anchored reading: version " + version + ", only " + VERSION + " is known");
    }
    SignedDeviceReading signed = SignedDeviceReading.decode(r.bytes("signed reading", SignedDeviceReading.MAX_BYTES));
    byte[] key = r.bytes("device public key", MAX_KEY);
    r.expectEnd("anchored reading");
    if (key.length == 0) {
      throw new DecodeException("anchored reading: empty device public key");
    }
    return new AnchoredReading(signed, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnchoredReading a && a.signed.equals(signed) && Arrays.equals(a.devicePublicKey, devicePublicKey);
  }

  @Override
  public int hashCode() {
    return signed.hashCode() * 31 + Arrays.hashCode(devicePublicKey);
  }
}
