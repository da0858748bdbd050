package org.medledger.apps.records.contract.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;

class PatientLinkTest {
  private final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aPatientIdIsAStablePseudonymOfTheKey(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair k = suite.signatures().generateKeyPair(random);
    PatientId a = PatientId.of(suite.hash(), k.getPublic().getEncoded());
    assertThat(PatientId.of(suite.hash(), k.getPublic().getEncoded())).isEqualTo(a);
    assertThat(PatientId.parse(a.toString())).isEqualTo(a);
    assertThat(PatientId.of(suite.hash(), suite.signatures().generateKeyPair(random).getPublic().getEncoded())).isNotEqualTo(a);
    assertThatThrownBy(() -> PatientId.parse("Bob")).hasMessageContaining("64 lower-case hex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aLinkSignedWithBothKeysHoldsInEitherOrderAndNothingElseDoes(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair atA = suite.signatures().generateKeyPair(random);
    KeyPair atB = suite.signatures().generateKeyPair(random);
    byte[] a = atA.getPublic().getEncoded();
    byte[] b = atB.getPublic().getEncoded();
    byte[] statement = PatientLink.statement(suite, "chain-1", a, b);
    assertThat(PatientLink.statement(suite, "chain-1", b, a)).isEqualTo(statement);
    byte[] sigA = suite.signatures().signer(atA).sign(statement);
    byte[] sigB = suite.signatures().signer(atB).sign(statement);

    assertThat(new PatientLink("chain-1", a, sigA, b, sigB).problem(suite, "chain-1")).isEmpty();
    assertThat(new PatientLink("chain-1", b, sigB, a, sigA).problem(suite, "chain-1")).isEmpty();
    assertThat(new PatientLink("chain-1", a, sigA, b, sigB).problem(suite, "chain-2")).hasValueSatisfying(p -> assertThat(p).contains("chain 'chain-1'"));
    assertThat(new PatientLink("chain-1", a, sigB, b, sigA).problem(suite, "chain-1")).hasValue("the first key's signature does not verify");
    KeyPair stranger = suite.signatures().generateKeyPair(random);
    byte[] forged = suite.signatures().signer(stranger).sign(statement);
    assertThat(new PatientLink("chain-1", a, sigA, b, forged).problem(suite, "chain-1")).hasValue("the second key's signature does not verify");
    assertThat(new PatientLink("chain-1", a, sigA, a, sigA).problem(suite, "chain-1")).hasValue("a link joins two different keys");
    assertThat(new PatientLink("chain-1", new byte[] {1, 2}, sigA, b, sigB).problem(suite, "chain-1")).hasValueSatisfying(p -> assertThat(p).contains("public key"));
  }
}
