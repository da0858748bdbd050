package org.medledger.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A holder's encryption public key, certified by its signing key (the SM2 dual-key practice of
 * GM/T 0015: one key pair signs, another decrypts, and the encryption key is only trusted as far
 * as a signature by the signing key vouches for it). A node certifies its encryption key in the
 * genesis, a patient in her registration; every data key is wrapped only to a key whose
 * certificate {@link #certify verifies}, and never to a signing key.
 *
 * <p>Signed statement: {@code string "medledger/encryption-key/v1" ‖ string chainId ‖ string
 * holder ‖ string suite ‖ bytes SPKI of the encryption key}; the certificate is the statement ‖
 * {@code bytes signature} (strings and bytes as in docs/format.md: u32 big-endian length, then
 * the bytes). The holder is {@code node:<validator name>} or {@code patient:<patient id hex>}.
 */
public record EncryptionKeyCertificate(String chainId, String holder, String suite, byte[] encryptionKey, byte[] signature) {
  public static final String DOMAIN = "medledger/encryption-key/v1";
  private static final int MAX_TEXT = 256;
  private static final int MAX_KEY = 1024;
  private static final int MAX_SIGNATURE = 256;

  public EncryptionKeyCertificate {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(suite, "suite");
    encryptionKey = encryptionKey.clone();
    signature = signature.clone();
  }

  /** The holder name of a validator's node. */
  public static String nodeHolder(String validatorName) {
    return "node:" + validatorName;
  }

  /** The holder name of a patient, by the hex of her patient id. */
  public static String patientHolder(String patientIdHex) {
    return "patient:" + patientIdHex;
  }

  /**
   * Certifies {@code encryptionKey} with the holder's signing key. Refuses the signing key itself:
   * one key for both jobs is what this certificate exists to prevent.
   */
  public static EncryptionKeyCertificate issue(CryptoSuite suite, Signer signingKey, String chainId, String holder,
      PublicKey encryptionKey) {
    byte[] spki = encryptionKey.getEncoded();
    if (Arrays.equals(normalised(suite, spki), normalised(suite, signingKey.publicKey().getEncoded()))) {
      throw new IllegalArgumentException("the signing key of " + holder + " cannot be its encryption key too");
    }
    byte[] statement = statement(chainId, holder, suite.id(), spki);
    return new EncryptionKeyCertificate(chainId, holder, suite.id(), spki, signingKey.sign(statement));
  }

  /** The bytes the signing key signs. */
  public static byte[] statement(String chainId, String holder, String suite, byte[] encryptionKey) {
    Out o = new Out();
    o.string(DOMAIN).string(chainId).string(holder).string(suite).bytes(encryptionKey);
    return o.toByteArray();
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** statement ‖ bytes signature. */
  public byte[] encode() {
    Out o = new Out();
    o.string(DOMAIN).string(chainId).string(holder).string(suite).bytes(encryptionKey).bytes(signature);
    return o.toByteArray();
  }

  /** Decodes exactly {@link #encode()}'s bytes; IllegalArgumentException names what is wrong. */
  public static EncryptionKeyCertificate decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    String domain = text(in, "domain");
    if (!domain.equals(DOMAIN)) {
      throw new IllegalArgumentException("encryption key certificate: expected '" + DOMAIN + "', got '" + domain + "'");
    }
    EncryptionKeyCertificate c = new EncryptionKeyCertificate(text(in, "chainId"), text(in, "holder"), text(in, "suite"),
        bytes(in, "encryption key", MAX_KEY), bytes(in, "signature", MAX_SIGNATURE));
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("encryption key certificate: " + in.remaining() + " trailing bytes");
    }
    return c;
  }

  /**
   * The encryption key, if this certificate is what {@code signingKey} signed for this holder, on
   * this chain, in this suite, and the key is an encryption key of the suite's curve other than the
   * signing key itself. Otherwise {@link UncertifiedKeyException} names the first thing wrong.
   */
  public CertifiedEncryptionKey certify(CryptoSuite expectedSuite, String expectedChainId, String expectedHolder,
      PublicKey signingKey) throws UncertifiedKeyException {
    if (!suite.equals(expectedSuite.id())) {
      throw new UncertifiedKeyException("the encryption key of " + expectedHolder + " is certified for suite '" + suite
          + "', not this network's '" + expectedSuite.id() + "'");
    }
    if (!chainId.equals(expectedChainId)) {
      throw new UncertifiedKeyException("the encryption key of " + expectedHolder + " is certified for chain '" + chainId
          + "', not '" + expectedChainId + "'");
    }
    if (!holder.equals(expectedHolder)) {
      throw new UncertifiedKeyException("the encryption key certificate names '" + holder + "', not '" + expectedHolder + "'");
    }
    PublicKey key;
    try {
      key = expectedSuite.signatures().decodePublicKey(encryptionKey);
    } catch (RuntimeException e) {
      throw new UncertifiedKeyException("the encryption key of " + expectedHolder + " is not a " + suite + " public key");
    }
    if (Arrays.equals(key.getEncoded(), normalised(expectedSuite, signingKey.getEncoded()))) {
      throw new UncertifiedKeyException("the encryption key offered for " + expectedHolder
          + " is its signing key: a signing key never decrypts (SM2 dual-key practice)");
    }
    if (!expectedSuite.signatures().verifier(signingKey).verify(statement(chainId, holder, suite, encryptionKey), signature)) {
      throw new UncertifiedKeyException("the encryption key certificate of " + expectedHolder
          + " is not signed by its signing key");
    }
    return new CertifiedEncryptionKey(holder, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKeyCertificate c && chainId.equals(c.chainId) && holder.equals(c.holder)
        && suite.equals(c.suite) && Arrays.equals(encryptionKey, c.encryptionKey) && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(chainId, holder, suite, Arrays.hashCode(encryptionKey), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "EncryptionKeyCertificate[" + holder + " on " + chainId + " (" + suite + ")]";
  }

  /** A key's SPKI as the suite re-encodes it, so two encodings of one point compare equal. */
  private static byte[] normalised(CryptoSuite suite, byte[] spki) {
    try {
      return suite.signatures().decodePublicKey(spki).getEncoded();
    } catch (RuntimeException e) {
      return spki;
    }
  }

  private static String text(ByteBuffer in, String field) {
    byte[] b = bytes(in, field, MAX_TEXT);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("encryption key certificate: " + field + " is not UTF-8");
    }
  }

  private static byte[] bytes(ByteBuffer in, String field, int max) {
    if (in.remaining() < 4) {
      throw new IllegalArgumentException("encryption key certificate: cut off before " + field);
    }
    long n = in.getInt() & 0xFFFFFFFFL;
    if (n > max || n > in.remaining()) {
      throw new IllegalArgumentException("encryption key certificate: " + field + " of " + n + " bytes (at most "
          + Math.min(max, in.remaining()) + " here)");
    }
    byte[] b = new byte[(int) n];
    in.get(b);
    return b;
  }

  private static final class Out {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Out string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    Out bytes(byte[] b) {
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
      return this;
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
