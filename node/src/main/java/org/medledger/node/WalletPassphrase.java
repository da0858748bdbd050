package org.medledger.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.medledger.crypto.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custodial wallet's sealing key derived from an operator's passphrase instead of read from
 * {@code wallet.key}: nothing on the node's disk then opens a patient's key without it.
 *
 * <p>scrypt (RFC 7914) with N = 2^15, r = 8, p = 3 (32 MiB, one of OWASP's recommended settings
 * for a password store) into {@link NodeSecrets#KEY_BYTES} bytes. Its salt and parameters, and a
 * check value to tell a mistyped passphrase from a damaged wallet, are kept beside the other
 * secrets in {@value #FILE}, one line of text:
 * {@code scrypt N=32768 r=8 p=3 salt=<32 hex> check=<64 hex>}, where check is HMAC-SHA256 under
 * the derived key of {@code medledger/wallet-passphrase-check/v1}. The file is made on the first
 * start with a passphrase, while the wallet holds no sealed key; later starts read it.
 */
final class WalletPassphrase {
  private static final Logger LOG = LoggerFactory.getLogger(WalletPassphrase.class);
  static final String FILE = "wallet.kdf";
  static final int MIN_CHARS = 12;
  private static final int N = 1 << 15;
  private static final int R = 8;
  private static final int P = 3;
  private static final int MAX_LOG2_N = 22;
  private static final Pattern LINE = Pattern.compile(
      "scrypt N=(\\d{1,8}) r=(\\d{1,2}) p=(\\d{1,2}) salt=([0-9a-f]{32,128}) check=([0-9a-f]{64})\\s*");
  private static final byte[] CHECK = "medledger/wallet-passphrase-check/v1".getBytes(StandardCharsets.UTF_8);

  private WalletPassphrase() {}

  /**
   * The sealing key from {@code passphrase} and the salt in {@code file}; makes that file when it
   * is missing and the wallet holds no sealed key yet.
   */
  static byte[] key(Path file, char[] passphrase, boolean walletHoldsKeys) throws IOException {
    if (passphrase.length < MIN_CHARS) {
      throw new IllegalStateException("the wallet passphrase is " + passphrase.length + " characters; it takes at least "
          + MIN_CHARS);
    }
    byte[] secret = utf8(passphrase);
    try {
      if (!Files.exists(file)) {
        if (walletHoldsKeys) {
          throw new IllegalStateException("the custodial wallet holds sealed patient keys but " + file + " (the passphrase's"
              + " salt) is missing; restore it from its backup (without it the passphrase opens none of them)");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] key = SCrypt.generate(secret, salt, N, R, P, NodeSecrets.KEY_BYTES);
        NodeSecrets.create(file, ("scrypt N=" + N + " r=" + R + " p=" + P + " salt=" + Hex.encode(salt) + " check="
            + Hex.encode(check(key)) + "\n").getBytes(StandardCharsets.US_ASCII));
        LOG.warn("the custodial wallet's sealing key is derived from the operator's passphrase; its salt is in {}: back it up"
            + " with the passphrase, without both no custodial patient's key opens", file);
        return key;
      }
      String line;
      try {
        line = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new IllegalStateException(file + " (the wallet passphrase's salt) cannot be read: " + e.getMessage(), e);
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches() || Integer.bitCount(Integer.parseInt(m.group(1))) != 1
          || Integer.numberOfTrailingZeros(Integer.parseInt(m.group(1))) > MAX_LOG2_N) {
        throw new IllegalStateException(file + " is damaged: expected one line 'scrypt N=<power of 2> r=<r> p=<p> salt=<hex>"
            + " check=<hex>'; restore it from its backup");
      }
      byte[] key = SCrypt.generate(secret, Hex.decode(m.group(4)), Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), NodeSecrets.KEY_BYTES);
      if (!MessageDigest.isEqual(check(key), Hex.decode(m.group(5)))) {
        throw new IllegalStateException("the wallet passphrase does not match " + file + ": it is not the passphrase the"
            + " wallet was sealed under");
      }
      return key;
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] utf8(char[] passphrase) {
    // One passphrase typed on two keyboards may differ in Unicode form: NFC makes them one.
    String normal = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
    ByteBuffer b = StandardCharsets.UTF_8.encode(normal);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] check(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(CHECK);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
