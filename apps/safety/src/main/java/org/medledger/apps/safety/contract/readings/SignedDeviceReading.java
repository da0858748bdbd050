package org.medledger.apps.safety.contract.readings;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;

/**
 * A reading with the signature its device made over {@link DeviceReading#encode()} with the
 * chain's suite (ECDSA P-256 with SHA-256 on {@code intl}, SM2 with SM3 on {@code gm}). The reading's
 * bytes are kept as received, so what is anchored is exactly what was signed.
 */
public record SignedDeviceReading(DeviceReading reading, byte[] signature) {
  /** A DER ECDSA or SM2 signature is at most 72 bytes; room to spare, never unbounded. */
  public static final int MAX_SIGNATURE = 160;
  public static final int MAX_BYTES = 1024;

  public SignedDeviceReading {
    if (reading == null) {
      throw new IllegalArgumentException("no reading");
    }
    if (signature == null || signature.length == 0 || signature.length > MAX_SIGNATURE) {
      throw new IllegalArgumentException("signature must be 1-" + MAX_SIGNATURE + " bytes");
    }
    signature = signature.clone();
  }

  public static SignedDeviceReading sign(DeviceReading reading, Signer deviceKey) {
    return new SignedDeviceReading(reading, deviceKey.sign(reading.encode()));
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether {@code deviceKey} (the registered key of the reading's unit) made the signature. */
  public boolean signedBy(Verifier deviceKey) {
    return deviceKey.verify(reading.encode(), signature);
  }

  /** The reading's bytes, then the signature's, each with its u32 length. */
  public byte[] encode() {
    return new CanonicalWriter(256).bytes(reading.encode()).bytes(signature).toByteArray();
  }

  public static SignedDeviceReading decode(byte[] bytes) {
    if (bytes == null || bytes.length > MAX_BYTES) {
      throw new DecodeException("signed device reading: " + (bytes == null ? "no bytes" : bytes.length + " bytes, at most "
          + MAX_BYTES));
    }
    CanonicalReader r = new CanonicalReader(bytes);
    DeviceReading reading = DeviceReading.decode(r.bytes("reading", MAX_BYTES));
    byte[] signature = r.bytes("signature", MAX_SIGNATURE);
    r.expectEnd("signed device reading");
    if (signature.length == 0) {
      throw new DecodeException("signed device reading: empty signature");
    }
    return new SignedDeviceReading(reading, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedDeviceReading s && s.reading.equals(reading) && java.util.Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return reading.hashCode() * 31 + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedDeviceReading[" + reading + ", " + signature.length + "-byte signature]";
  }
}
