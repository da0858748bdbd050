package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ClaimStatus;
import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.LineReason;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.application.Applications;

/** The insurance application as the node finds it, and the line-hash check an insurer's node runs before paying. */
class InsuranceApplicationTest {
  static final HashFunction HASH = CryptoSuites.intl().hash();

  @Test
  void theNodeFindsItOnTheClassPathAndNetworkInitWritesOneSaltForEveryValidator() {
    assertThat(Applications.onClassPath().all()).extracting(a -> a.name()).contains("insurance");
    InsuranceApplication insurance = new InsuranceApplication();
    assertThat(insurance.version()).isEqualTo(1);
    assertThat(insurance.newNetworkSecrets()).containsOnlyKeys(LineHashSalt.FILE);
    assertThat(insurance.newNetworkSecrets().get(LineHashSalt.FILE)).hasSize(32)
        .isNotEqualTo(insurance.newNetworkSecrets().get(LineHashSalt.FILE));
    assertThat(insurance.nodeSecrets()).isEmpty();
    assertThat(insurance.lineHashSalt()).isEmpty();
  }

  @Test
  void aLineWhoseHashIsNotItsOwnFieldsUnderTheSaltIsFound() {
    LineHashSalt salt = new LineHashSalt(new byte[32], HASH);
    Hash patient = Hash.of(HASH.hash(new byte[] {1}));
    ClaimLine honest = new ClaimLine("inpatient", "WARD-DAY", 1, 100, "2027-03-10", "hospital-a",
        salt.lineHash(patient, "hospital-a", "2027-03-10", "WARD-DAY"), List.of());
    // The same service under another day's hash: a second bill an index keyed by the false hash would not catch.
    ClaimLine forged = new ClaimLine("inpatient", "WARD-DAY", 1, 100, "2027-03-10", "hospital-a",
        salt.lineHash(patient, "hospital-a", "2027-03-11", "WARD-DAY"), List.of());
    LineResult r = new LineResult(LineReason.COVERED, 100, 100, 0, 0, 0, 100, 0);
    Claim claim = new Claim(Hash.ZERO, Hash.ZERO, "insurer-a", patient, "hospital-a", Hash.ZERO, "EUR",
        List.of(honest, forged, honest), new Adjudication(List.of(r, r, r)), ClaimStatus.ADJUDICATED, 0, 0, "", "", Hash.ZERO);
    assertThat(salt.mismatchedLines(claim)).containsExactly(2);
    // Another network's salt recognises none of them.
    assertThat(new LineHashSalt(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, HASH).mismatchedLines(claim))
        .containsExactly(1, 2, 3);
    assertThatThrownBy(() -> new LineHashSalt(new byte[8], HASH)).hasMessageContaining("at least 16 bytes");
  }
}
