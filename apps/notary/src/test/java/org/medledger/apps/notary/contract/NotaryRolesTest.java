package org.medledger.apps.notary.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/** Issue 22, finding 9: notary.anchor checked no role; a member role may anchor, a patient may not. */
class NotaryRolesTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {11}));
  static final Caller PATIENT_OF_HOSPITAL = caller("patient", "hospital-a", "patient");
  static final Caller CLINICIAN = caller("dr", "hospital-a", "clinician");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();

  static {
    for (Caller c : List.of(PATIENT_OF_HOSPITAL, CLINICIAN)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new NotaryContract()), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long nonce;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  TxOutcome run(Caller by, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, 5_000, "notary", method, Args.of(args))
        .sign(SUITE.signatures().signer(KEYS));
    return executor.execute(state, nonce, 5_000, List.of(tx)).outcomes().get(0);
  }

  @Test
  void aNotaryAnchorNeedsAMemberRoleAndAnUnknownMethodIsNamed() {
    assertThat(run(PATIENT_OF_HOSPITAL, "anchor", "hash", "ab".repeat(32), "type", "lab-report").code()).isEqualTo("forbidden");
    assertThat(run(CLINICIAN, "anchor", "hash", "ab".repeat(32), "type", "lab-report").success()).isTrue();
    TxOutcome unknown = run(CLINICIAN, "steal", "hash", "ab".repeat(32));
    assertThat(unknown.code()).isEqualTo("unknown_method");
    assertThat(unknown.message()).contains("anchor");
  }
}
