package org.medledger.consensus.twins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * A twinned validator that offers its decided block in sync with a commit certificate it has
 * tampered with (a bad seal, fewer seals than a quorum, a seal of a key the genesis does not name)
 * is refused: the honest validators still decide one block, within the bound, by themselves or
 * from a peer whose certificate holds.
 */
class ForgedCertificateTest {
  @Test
  void aCertificateWithABadSealIsRefused() {
    assertRefusedWithoutHarm(c -> {
      List<CommitSeal> seals = new ArrayList<>(c.seals());
      byte[] sig = seals.get(0).signature().clone();
      sig[0] ^= 1;
      seals.set(0, new CommitSeal(seals.get(0).validator(), sig));
      return new CommitCertificate(c.round(), seals);
    });
  }

  @Test
  void aCertificateShortOfAQuorumIsRefused() {
    // (One seal counted twice cannot even be built: CommitCertificate refuses two seals of one validator.)
    assertRefusedWithoutHarm(c -> new CommitCertificate(c.round(), c.seals().subList(0, 2)));
  }

  @Test
  void aCertificateWithASealOfANonValidatorIsRefused() {
    assertRefusedWithoutHarm(c -> {
      List<CommitSeal> seals = new ArrayList<>(c.seals());
      byte[] outsider = new byte[Hash.LENGTH];
      outsider[0] = 42;
      seals.set(0, new CommitSeal(Hash.of(outsider), seals.get(0).signature()));
      return new CommitCertificate(c.round(), seals);
    });
  }

  private static void assertRefusedWithoutHarm(UnaryOperator<CommitCertificate> forge) {
    ScenarioGenerator g = new ScenarioGenerator(TwinsSetup.ONE_TWIN);
    long refused = 0;
    for (int i = 0; i < 1_000; i++) {
      TwinsRun run = new TwinsRun(TwinsSetup.ONE_TWIN, g.sample(TwinsTest.FIRST_SEED + i, TwinsTest.DEFAULT_ROUNDS),
          EngineVariant.CORRECT);
      run.offeredByTwinned = forge;
      assertThat(run.run().violations()).as("scenario %d", i).isEmpty();
      refused += run.refusedOffers;
    }
    assertThat(refused).as("forged certificates offered and refused").isPositive();
  }
}
