package org.medledger.apps.safety.contract.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/** Anchoring a batch: a gateway's node anchors once per batch id; nobody, its own organisation included, writes over a root. */
class DeviceReadingsContractTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {9}));
  static final Caller GATEWAY = caller("hospital-a-node", "hospital-a", "node");
  static final Caller RIVAL_NODE = caller("hospital-b-node", "hospital-b", "node");
  static final Caller CLINICIAN = caller("dr-li", "hospital-a", "clinician");
  static final Caller PATIENT = caller("patient-1", "hospital-a", "patient");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();

  static {
    for (Caller c : List.of(GATEWAY, RIVAL_NODE, CLINICIAN, PATIENT)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new DeviceReadingsContract()), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  final ReadingBatch batch = new ReadingBatch(SUITE.hash(), ReadingBatchProperties.readings(5));
  long nonce;
  long height;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  Transaction anchor(Caller by, String batchId, String root, String count) {
    return new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, 5_000, DeviceReadingsContract.NAME,
        DeviceReadingsContract.ANCHOR, Args.of("batch", batchId, "root", root, "count", count, "devices",
            batch.deviceSetDigest().hex())).sign(SUITE.signatures().signer(KEYS));
  }

  TxOutcome one(Transaction tx) {
    ExecutionResult r = executor.execute(state, ++height, 5_000 + height, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  @Test
  void aGatewayAnchorsABatchUnderItsOrganisationOnce() throws Exception {
    TxOutcome ok = one(anchor(GATEWAY, "hospital-a-1", batch.root().hex(), "5"));
    assertThat(ok.success()).as(ok.message()).isTrue();
    AnchoredBatch kept = DeviceReadingsContract.find(state, "hospital-a", "hospital-a-1").orElseThrow();
    assertThat(kept.root()).isEqualTo(batch.root());
    assertThat(kept.count()).isEqualTo(5);
    assertThat(kept.deviceSetDigest()).isEqualTo(batch.deviceSetDigest());
    assertThat(kept.height()).isEqualTo(1);
    assertThat(new DeviceReadingsContract().query(state, "batch", Args.of("organisation", "hospital-a", "batch", "hospital-a-1")))
        .containsEntry("root", batch.root().hex()).containsEntry("count", "5").containsEntry("organisation", "hospital-a");

    TxOutcome again = one(anchor(GATEWAY, "hospital-a-1", Hash.ZERO.hex(), "1"));
    assertThat(again.code()).as("its own gateway cannot write over an anchored root").isEqualTo("already_anchored");
    assertThat(again.message()).contains("anchored at height 1 with root " + batch.root().hex());
    assertThat(DeviceReadingsContract.find(state, "hospital-a", "hospital-a-1").orElseThrow().root()).isEqualTo(batch.root());
  }

  @Test
  void anotherOrganisationsBatchOfTheSameIdIsItsOwnRecordAndNeverTheGatewaysRoot() {
    assertThat(one(anchor(GATEWAY, "b-7", batch.root().hex(), "5")).success()).isTrue();
    TxOutcome rival = one(anchor(RIVAL_NODE, "b-7", Hash.ZERO.hex(), "1"));
    assertThat(rival.success()).as(rival.message()).isTrue();
    assertThat(DeviceReadingsContract.find(state, "hospital-a", "b-7").orElseThrow().root()).isEqualTo(batch.root());
    assertThat(DeviceReadingsContract.find(state, "hospital-b", "b-7").orElseThrow().root()).isEqualTo(Hash.ZERO);
  }

  @Test
  void aClinicianOrAPatientCannotAnchorAndNothingIsWritten() {
    for (Caller cheat : List.of(CLINICIAN, PATIENT)) {
      TxOutcome refused = one(anchor(cheat, "forged-" + cheat.name(), batch.root().hex(), "5"));
      assertThat(refused.success()).isFalse();
      assertThat(refused.code()).isEqualTo("forbidden");
      assertThat(DeviceReadingsContract.find(state, "hospital-a", "forged-" + cheat.name())).isEmpty();
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgument() {
    assertThat(one(anchor(GATEWAY, "bad/id", batch.root().hex(), "5")).message()).contains("batch 'bad/id' must be 1-64 characters");
    assertThat(one(anchor(GATEWAY, "b1", "abc", "5")).message()).contains("root must be the batch's Merkle root");
    assertThat(one(anchor(GATEWAY, "b2", batch.root().hex(), "0")).message()).contains("count 0 must be 1-1048576");
    assertThat(one(anchor(GATEWAY, "b3", batch.root().hex(), "five")).message()).contains("count 'five' is not a whole number");
    int[] batches = {0};
    state.scan(org.medledger.core.runtime.StateKeys.of(DeviceReadingsContract.NAME, "batch/"), (k, v) -> ++batches[0] > 0);
    assertThat(batches[0]).as("no batch written").isZero();
    assertThatThrownBy(() -> new DeviceReadingsContract().query(state, "batch", Args.of("organisation", "hospital-a", "batch", "b1")))
        .hasMessageContaining("no batch b1 anchored by hospital-a");
  }
}
