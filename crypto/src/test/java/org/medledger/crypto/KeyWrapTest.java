package org.medledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyWrapTest {
  private final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theRecipientUnwrapsWhatWasWrappedForIt(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair reader = suite.signatures().generateKeyPair(random);
    byte[] dataKey = new byte[suite.aead().keyLength()];
    random.nextBytes(dataKey);
    byte[] wrapped = suite.keyWrap().wrap(reader.getPublic(), dataKey, random);
    assertThat(suite.keyWrap().unwrap(reader.getPrivate(), wrapped)).isEqualTo(dataKey);
    assertThat(suite.keyWrap().wrap(reader.getPublic(), dataKey, random)).as("randomised").isNotEqualTo(wrapped);
    // Through the key's encoded forms, as a wallet stores them.
    KeyPair decoded = new KeyPair(suite.signatures().decodePublicKey(reader.getPublic().getEncoded()),
        suite.signatures().decodePrivateKey(reader.getPrivate().getEncoded()));
    assertThat(suite.keyWrap().unwrap(decoded.getPrivate(), suite.keyWrap().wrap(decoded.getPublic(), dataKey, random))).isEqualTo(dataKey);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void anotherKeyOrAnyChangedByteOrATruncationFails(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair reader = suite.signatures().generateKeyPair(random);
    KeyPair other = suite.signatures().generateKeyPair(random);
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    byte[] wrapped = suite.keyWrap().wrap(reader.getPublic(), dataKey, random);
    assertThatThrownBy(() -> suite.keyWrap().unwrap(other.getPrivate(), wrapped)).isInstanceOf(AeadException.class);
    for (int i = 0; i < wrapped.length; i++) {
      byte[] altered = wrapped.clone();
      altered[i] ^= 0x01;
      int at = i;
      assertThatThrownBy(() -> suite.keyWrap().unwrap(reader.getPrivate(), altered)).as("byte %d changed", at).isInstanceOf(AeadException.class);
    }
    assertThatThrownBy(() -> suite.keyWrap().unwrap(reader.getPrivate(), Arrays.copyOf(wrapped, wrapped.length - 1)))
        .isInstanceOf(AeadException.class);
    assertThatThrownBy(() -> suite.keyWrap().unwrap(reader.getPrivate(), new byte[3])).isInstanceOf(AeadException.class);
  }

  /** The documented ECIES construction, re-derived with the JDK's own ECDH, HMAC and AES-GCM. */
  @Test
  void eciesMatchesItsDescriptionComputedIndependently() throws Exception {
    CryptoSuite suite = CryptoSuites.intl();
    KeyPair reader = suite.signatures().generateKeyPair(random);
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    byte[] wrapped = suite.keyWrap().wrap(reader.getPublic(), dataKey, random);
    byte[] ephemeral = Arrays.copyOf(wrapped, 65);

    java.security.spec.ECParameterSpec spec = ((java.security.interfaces.ECPublicKey) reader.getPublic()).getParams();
    java.math.BigInteger x = new java.math.BigInteger(1, Arrays.copyOfRange(ephemeral, 1, 33));
    java.math.BigInteger y = new java.math.BigInteger(1, Arrays.copyOfRange(ephemeral, 33, 65));
    java.security.PublicKey e = java.security.KeyFactory.getInstance("EC")
        .generatePublic(new java.security.spec.ECPublicKeySpec(new java.security.spec.ECPoint(x, y), spec));
    java.security.PrivateKey d = java.security.KeyFactory.getInstance("EC")
        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(reader.getPrivate().getEncoded()));
    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH", "SunEC");
    ecdh.init(d);
    ecdh.doPhase(e, true);
    byte[] z = ecdh.generateSecret();

    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(ephemeral, "HmacSHA256"));
    byte[] prk = hmac.doFinal(z);
    hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
    hmac.update("medledger/keywrap/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    hmac.update((byte) 1);
    byte[] kek = hmac.doFinal();

    java.security.interfaces.ECPublicKey q = (java.security.interfaces.ECPublicKey) reader.getPublic();
    byte[] qBytes = new byte[65];
    qBytes[0] = 4;
    byte[] qx = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, q.getW().getAffineX());
    byte[] qy = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, q.getW().getAffineY());
    System.arraycopy(qx, 0, qBytes, 1, 32);
    System.arraycopy(qy, 0, qBytes, 33, 32);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, new byte[12]));
    gcm.updateAAD(ephemeral);
    gcm.updateAAD(qBytes);
    assertThat(gcm.doFinal(Arrays.copyOfRange(wrapped, 65, wrapped.length))).isEqualTo(dataKey);
  }
}
