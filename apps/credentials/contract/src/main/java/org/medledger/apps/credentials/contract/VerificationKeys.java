package org.medledger.apps.credentials.contract;

import org.medledger.crypto.Hash;

/**
 * The credentials contract's keys for primary-source verifications and their reuse. Organisation
 * names and licence numbers hold no '/', so each key has one reading.
 */
final class VerificationKeys {
  static final String[] FORMS = {"verification/{hash}", "verifications-of/{issuer}/{licence}/{hash}",
      "verification-consent/{hash}/{organisation}", "verification-read/{hash}/{hash}",
      "verification-reuse/{hash}/{organisation}/{hash}", "verification-policy/{organisation}", "verification-erased/{hash}"};

  private VerificationKeys() {}

  static String verification(Hash document) {
    return "verification/" + document.hex();
  }

  static String ofCredentialPrefix(String issuer, String licence) {
    return "verifications-of/" + issuer + "/" + licence + "/";
  }

  static String ofCredential(String issuer, String licence, Hash document) {
    return ofCredentialPrefix(issuer, licence) + document.hex();
  }

  static String consentPrefix(Hash document) {
    return "verification-consent/" + document.hex() + "/";
  }

  static String consent(Hash document, String organisation) {
    return consentPrefix(document) + organisation;
  }

  static String readPrefix(Hash document) {
    return "verification-read/" + document.hex() + "/";
  }

  static String read(Hash document, Hash tx) {
    return readPrefix(document) + tx.hex();
  }

  static String reusePrefix(Hash document) {
    return "verification-reuse/" + document.hex() + "/";
  }

  static String reuse(Hash document, String organisation, Hash tx) {
    return reusePrefix(document) + organisation + "/" + tx.hex();
  }

  static String erased(Hash document) {
    return "verification-erased/" + document.hex();
  }

  static String policy(String organisation) {
    return "verification-policy/" + organisation;
  }
}
