package org.medledger.apps.credentials.vc;

import org.medledger.crypto.CryptoSuite;

/**
 * The Data Integrity cryptosuites a credential's proof may name, one per network suite. Both
 * run the same steps (vc-di-ecdsa §3.3, ecdsa-jcs-2019): JCS of the document without its proof;
 * JCS of the proof options; hash of each with the suite's
 * hash; proof options' hash ‖ document's hash signed; r ‖ s in multibase base58btc.
 */
public enum Cryptosuite {
  /** W3C vc-di-ecdsa's {@code ecdsa-jcs-2019} with P-256 and SHA-256: the {@code intl} suite. */
  ECDSA_JCS_2019("ecdsa-jcs-2019", "intl"),
  /**
   * Our SM2 equivalent for the {@code gm} suite, named {@code medledger-sm2-jcs-2026}: the same
   * steps with SM3 (GB/T 32905) for both hashes and an SM2 signature (GB/T 32918.2, default user
   * id 1234567812345678, SM3 over Z_A ‖ message), r ‖ s 64 bytes. No W3C suite covers SM2 yet.
   */
  SM2_JCS_2026("medledger-sm2-jcs-2026", "gm");

  private final String wireName;
  private final String networkSuite;

  Cryptosuite(String wireName, String networkSuite) {
    this.wireName = wireName;
    this.networkSuite = networkSuite;
  }

  /** The name a proof's {@code cryptosuite} carries. */
  public String wireName() {
    return wireName;
  }

  /** The network suite whose keys sign with it: {@code intl} or {@code gm}. */
  public String networkSuite() {
    return networkSuite;
  }

  /** The cryptosuite a network's members sign credentials with. */
  public static Cryptosuite of(CryptoSuite suite) {
    for (Cryptosuite c : values()) {
      if (c.networkSuite.equals(suite.id())) {
        return c;
      }
    }
    throw new IllegalArgumentException("no credential cryptosuite for network suite " + suite.id());
  }
}
