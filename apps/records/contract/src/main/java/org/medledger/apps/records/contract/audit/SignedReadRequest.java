package org.medledger.apps.records.contract.audit;

import java.security.PublicKey;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;

/**
 * A {@link ReadRequest} with its requester's signature, as it travels in the REST header {@value
 * #HEADER} (hex) and inside the access event the audit commits (docs/format.md, "Signed read
 * request"):
 *
 * <pre>
 * signedReadRequest = u8 1 ‖ string signingChainId ‖ fixed 32 requester ‖ fixed 32 record
 *                     ‖ string purpose ‖ string reason ‖ u64 time ‖ fixed 32 nonce ‖ bytes signature
 * </pre>
 */
public record SignedReadRequest(ReadRequest request, byte[] signature) {
  /** The REST header that carries a read's signed request, hex-encoded. */
  public static final String HEADER = "X-MedLedger-Read-Request";
  static final int MAX_SIGNATURE_BYTES = 512;

  public SignedReadRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(signature, "signature");
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedReadRequest s && s.request.equals(request) && java.util.Arrays.equals(s.signature, signature);
  }

  @Override
  public int hashCode() {
    return 31 * request.hashCode() + java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedReadRequest[" + request + "]";
  }

  public static SignedReadRequest sign(ReadRequest request, Signer requesterKey) {
    return new SignedReadRequest(request, requesterKey.sign(request.statement()));
  }

  /** Whether the holder of {@code key} signed this request. */
  public boolean verifies(CryptoSuite suite, PublicKey key) {
    try {
      return suite.signatures().verifier(key).verify(request.statement(), signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  void writeTo(CanonicalWriter w) {
    w.u8(1);
    request.writeFields(w);
    w.bytes(signature);
  }

  static SignedReadRequest readFrom(CanonicalReader r) {
    int version = r.u8("read.version");
    if (version != 1) {
      throw new DecodeException("read.version: unsupported " + version);
    }
    return new SignedReadRequest(ReadRequest.readFields(r), r.bytes("read.signature", MAX_SIGNATURE_BYTES));
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(384);
    writeTo(w);
    return w.toByteArray();
  }

  public String toHex() {
    return Hex.encode(encode());
  }

  public static SignedReadRequest decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    SignedReadRequest s = readFrom(r);
    r.expectEnd("signed read request");
    return s;
  }

  /** The header's value; a {@link DecodeException} naming what is wrong. */
  public static SignedReadRequest fromHex(String hex) {
    byte[] bytes;
    try {
      bytes = Hex.decode(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new DecodeException(HEADER + " is not hex: " + e.getMessage());
    }
    return decode(bytes);
  }
}
