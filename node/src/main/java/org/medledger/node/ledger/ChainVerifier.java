package org.medledger.node.ledger;

import java.util.Arrays;
import java.util.Optional;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.runtime.SystemKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.state.SparseMerkleStateCommitment;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.CompactMerkleTree;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.storage.LedgerStore;

/**
 * Re-checks a whole store at start-up, so a node never serves a chain that was edited on disk:
 * block 0 against the genesis, each header's hash and link to its parent, each block's
 * transactions against its transaction root, each commit certificate, and the transaction log
 * rebuilt from scratch (each transaction with the outcome recorded under its nonce) against every
 * header's log root.
 */
final class ChainVerifier {
  private final LedgerStore store;
  private final Genesis genesis;
  private final Ledger.CertificateCheck certificates;
  /** The head's state: it records the validator set of every height up to the head (ValidatorHistory). */
  private final StoreStateReader committed;
  private final HashFunction hash;
  private final MerkleHasher merkle;

  ChainVerifier(LedgerStore store, Genesis genesis, Ledger.CertificateCheck certificates) {
    this.store = store;
    this.genesis = genesis;
    this.certificates = certificates;
    this.committed = new StoreStateReader(store);
    this.hash = genesis.cryptoSuite().hash();
    this.merkle = new MerkleHasher(hash);
  }

  void verifyAll() {
    long top = store.height();
    CompactMerkleTree log = new CompactMerkleTree(merkle);
    BlockHeader previous = null;
    Hash previousHash = null;
    for (long h = 0; h <= top; h++) {
      final long height = h;
      byte[] headerBytes = store.header(h).orElseThrow(() -> new LedgerCorruptedException(height, "header missing"));
      byte[] blockBytes = store.block(h).orElseThrow(() -> new LedgerCorruptedException(height, "block missing"));
      SignedHeader sh;
      Block block;
      try {
        sh = SignedHeader.decode(headerBytes);
        block = Block.decode(blockBytes, Integer.MAX_VALUE);
      } catch (DecodeException | IllegalArgumentException e) {
        throw new LedgerCorruptedException(h, "cannot decode: " + e.getMessage());
      }
      BlockHeader header = sh.header();
      Hash blockHash = header.hash(hash);
      if (header.height() != h) {
        throw new LedgerCorruptedException(h, "header says height " + header.height());
      }
      if (!block.header().equals(header)) {
        throw new LedgerCorruptedException(h, "block and stored header differ");
      }
      Optional<byte[]> storedHash = store.blockHash(h);
      if (storedHash.isEmpty() || !Arrays.equals(storedHash.get(), blockHash.unsafeBytes())) {
        throw new LedgerCorruptedException(h, "header does not hash to the recorded block hash");
      }
      if (h == 0) {
        Block expected = Ledger.genesisBlock(genesis, new SparseMerkleStateCommitment(hash));
        if (!expected.header().equals(header)) {
          throw new LedgerCorruptedException(0, "block 0 does not match the genesis file (another network's data folder, or one from an older MedLedger version?)");
        }
      } else {
        if (!header.previousHash().equals(previousHash)) {
          throw new LedgerCorruptedException(h, "previous hash does not match block " + (h - 1));
        }
        if (header.timestamp() < previous.timestamp()) {
          throw new LedgerCorruptedException(h, "timestamp goes backwards");
        }
        Optional<String> problem = certificates.problem(committed, header, blockHash, sh.certificate());
        if (problem.isPresent()) {
          throw new LedgerCorruptedException(h, "commit certificate: " + problem.get());
        }
      }
      for (Transaction tx : block.transactions()) {
        log.append(merkle.leafHash(logEntry(h, tx)));
      }
      if (!Ledger.transactionRoot(merkle, block.transactions()).equals(header.txRoot())) {
        throw new LedgerCorruptedException(h, "transactions do not match the header's transaction root");
      }
      if (log.size() != header.logSize() || !Arrays.equals(log.rootHash(), header.logRoot().unsafeBytes())) {
        throw new LedgerCorruptedException(h, "transaction log root does not match the header");
      }
      Optional<org.medledger.crypto.smt.TreeRoot> tree = StateTreeRecords.root(store, h);
      if (tree.isEmpty()) {
        throw new LedgerCorruptedException(h, "state tree root missing (a data folder from before the state tree?)");
      }
      if (!tree.get().hash().equals(header.stateRoot())) {
        throw new LedgerCorruptedException(h, "state tree root does not match the header's state root");
      }
      previous = header;
      previousHash = blockHash;
    }
  }

  private byte[] logEntry(long height, Transaction tx) {
    Hash id = tx.id(hash);
    byte[] record = store.state(SystemKeys.nonce(tx.sender(), tx.nonce())).orElseThrow(
        () -> new LedgerCorruptedException(height, "no record under the nonce of transaction " + id));
    try {
      return TxOutcome.fromRecord(id, tx.nonce(), record).logEntry();
    } catch (DecodeException e) {
      throw new LedgerCorruptedException(height, "record of transaction " + id + ": " + e.getMessage());
    }
  }
}
