package org.medledger.apps.notary.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * Issue 22, finding 11: one record per fingerprint, first-come, so a member that saw an anchor in
 * the gossiped mempool anchored the same fingerprint first and the owner's anchor failed
 * ({@code already_anchored}), the record naming the front-runner. Anchors are per organisation now.
 */
class NotaryPerOrganisationTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {11}));
  static final String FP = "ab".repeat(32);
  static final Caller OWNER = caller("dr-li", "hospital-a", "clinician");
  static final Caller RIVAL = caller("rival", "hospital-b", "admin");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>(Map.of(OWNER.certificateId(), OWNER, RIVAL.certificateId(), RIVAL));

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new NotaryContract()), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long nonce;
  long height;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  Transaction anchor(Caller by, String type) {
    return new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, 5_000, "notary", "anchor", Args.of("hash", FP, "type", type))
        .sign(SUITE.signatures().signer(KEYS));
  }

  List<TxOutcome> block(Transaction... txs) {
    ExecutionResult r = executor.execute(state, ++height, 5_000, List.of(txs));
    state.apply(r.writes());
    return r.outcomes();
  }

  SortedMap<String, String> lookup(String... args) throws ContractException {
    return new NotaryContract().query(state, "lookup", Args.of(args));
  }

  @Test
  void aRivalAnchoringTheSameFingerprintFirstNeitherBlocksNorTakesOverTheOwnersAnchor() throws Exception {
    assertThat(block(anchor(RIVAL, "copied")).get(0).success()).isTrue();
    List<TxOutcome> owners = block(anchor(OWNER, "discharge-letter"), anchor(OWNER, "again"));
    assertThat(owners.get(0).success()).as(owners.get(0).message()).isTrue();
    assertThat(owners.get(1).code()).as("each organisation anchors a fingerprint once").isEqualTo("already_anchored");

    assertThat(lookup("hash", FP, "owner", "hospital-a")).containsEntry("owner", "hospital-a").containsEntry("type", "discharge-letter")
        .containsEntry("height", "2");
    SortedMap<String, String> any = lookup("hash", FP);
    assertThat(any).as("the earliest is shown, and every owner named").containsEntry("earliestOwner", "hospital-b")
        .containsEntry("owner", "hospital-b").containsEntry("anchors", "2").containsEntry("owners", "hospital-b,hospital-a");
    assertThat(NotaryContract.anchors(state, FP)).extracting(NotaryRecord::ownerOrganisation).containsExactly("hospital-b", "hospital-a");
    assertThatThrownBy(() -> lookup("hash", FP, "owner", "hospital-c"))
        .isInstanceOf(ContractException.class).hasMessageContaining("not anchored by hospital-c");
  }

  @Test
  void anchorsInOneBlockAreEquallyEarlyAndListedByOrganisation() throws Exception {
    List<TxOutcome> r = block(anchor(RIVAL, "copied"), anchor(OWNER, "discharge-letter"));
    assertThat(r).allMatch(TxOutcome::success);
    assertThat(lookup("hash", FP)).containsEntry("owners", "hospital-a,hospital-b").containsEntry("earliestOwner", "hospital-a");
  }
}
