package org.medledger.it.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.state.SparseMerkleStateCommitment;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.ProposedBlock;
import org.medledger.storage.InMemoryLedgerStore;

/**
 * A ledger in memory on a recorded genesis, run by given contracts: it executes each block as a
 * validator checking a proposal does ({@link Ledger#propose}) and commits it with the certificate
 * it came with. Certificates are not checked: the golden chain pins execution, and its crafted
 * blocks never had validators' seals.
 */
final class ReplayLedger {
  private final Ledger ledger;
  private final Genesis genesis;

  /** One executed block: the proposal (header, roots, outcomes) and each transaction's weight. */
  record Executed(ProposedBlock proposal, List<Long> weights) {}

  ReplayLedger(String genesisJson, Function<Membership, ContractRegistry> contracts) {
    this.genesis = GenesisJson.read(genesisJson);
    Membership membership = new Membership(genesis);
    BlockExecutor executor = new BlockExecutor(contracts.apply(membership), genesis.cryptoSuite().hash(),
        new LedgerCallerResolver(membership),
        state -> org.medledger.core.governance.Consortium.parameters(genesis, state));
    this.ledger = Ledger.open(new InMemoryLedgerStore(), genesis, executor,
        new SparseMerkleStateCommitment(genesis.cryptoSuite().hash()), (committed, header, hash, certificate) -> Optional.empty());
  }

  Genesis genesis() {
    return genesis;
  }

  long height() {
    return ledger.height();
  }

  Hash headHash() {
    return ledger.headHash();
  }

  long headTimestamp() {
    return ledger.headSignedHeader().header().timestamp();
  }

  /** Block 0's hash, which the genesis file alone determines. */
  Hash genesisBlockHash() {
    return ledger.signedHeader(0).orElseThrow().header().hash(genesis.cryptoSuite().hash());
  }

  Executed execute(List<Transaction> txs, long timestamp, Hash proposer) {
    List<Long> weights = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      weights.add(ledger.weight(tx));
    }
    return new Executed(ledger.propose(txs, timestamp, proposer), weights);
  }

  void commit(Executed executed, CommitCertificate certificate) {
    ledger.commit(executed.proposal(), certificate);
  }
}
