package org.medledger.node.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.node.ledger.Ledger;

/**
 * A relayed proposal whose body was swapped behind a genuine header must not carry the genuine
 * block's id, or the engine keeps it and the genuine copy is dropped (issue 21, finding 4).
 */
class ProposalValueIdTest {
  private final CryptoSuite suite = CryptoSuites.intl();
  private final Signer signer;

  ProposalValueIdTest() {
    KeyPair k = suite.signatures().generateKeyPair(new SecureRandom());
    signer = suite.signatures().signer(k);
  }

  private Transaction tx(String note) {
    return new Transaction.Payload(suite.id(), "c", Hash.ZERO, 1, 1, "notary", "anchor", Args.of("note", note)).sign(signer);
  }

  private Block block(List<Transaction> body) {
    Hash root = Ledger.transactionRoot(new MerkleHasher(suite.hash()), body);
    BlockHeader h = new BlockHeader("c", 5, Hash.ZERO, root, body.size(), Hash.ZERO, Hash.ZERO, 9, 1000, Hash.ZERO);
    return new Block(h, CommitCertificate.EMPTY, body);
  }

  private ProposalValueId ids() {
    return new ProposalValueId(suite.hash(), 1 << 20);
  }

  @Test
  void aGenuineBlockIsIdentifiedByItsHeaderHash() {
    Block b = block(List.of(tx("a"), tx("b")));
    assertThat(ids().of(b.encode())).isEqualTo(b.header().hash(suite.hash()));
  }

  @Test
  void aSwappedBodyBehindTheGenuineHeaderGetsAnotherId() {
    Block genuine = block(List.of(tx("a"), tx("b")));
    Block swapped = new Block(genuine.header(), CommitCertificate.EMPTY, List.of(tx("x"), tx("y")));
    ProposalValueId ids = ids();
    Hash id = genuine.header().hash(suite.hash());
    assertThat(ids.of(swapped.encode())).isNotEqualTo(id);
    // Neither order nor a cached genuine copy lets the swapped one pass.
    assertThat(ids.of(genuine.encode())).isEqualTo(id);
    assertThat(ids.of(swapped.encode())).isNotEqualTo(id);
  }

  @Test
  void theHeaderAloneOrWithACertificateOrTrailingBytesGetsAnotherId() {
    Block genuine = block(List.of(tx("a")));
    Hash id = genuine.header().hash(suite.hash());
    ProposalValueId ids = ids();
    assertThat(ids.of(genuine.header().encode())).as("header bytes alone").isNotEqualTo(id);
    Block sealed = genuine.withCertificate(new CommitCertificate(0, List.of(new CommitSeal(Hash.ZERO, new byte[] {1}))));
    assertThat(ids.of(sealed.encode())).as("with a certificate").isNotEqualTo(id);
    byte[] longer = java.util.Arrays.copyOf(genuine.encode(), genuine.encode().length + 1);
    assertThat(ids.of(longer)).as("trailing byte").isNotEqualTo(id);
  }

  /** The transactions are hashed, not decoded: any byte of the body changed, the id is no longer the header's. */
  @Test
  void everyByteOfTheBodyIsBoundByTheHeader() {
    Block genuine = block(List.of(tx("a"), tx("b")));
    byte[] encoded = genuine.encode();
    Hash id = genuine.header().hash(suite.hash());
    int body = new Block(genuine.header(), CommitCertificate.EMPTY, List.of(tx("a"), tx("b"))).encode().length
        - genuine.transactions().stream().mapToInt(t -> t.encoded().length + 4).sum() - 4;
    for (int i = body; i < encoded.length; i++) {
      byte[] flipped = encoded.clone();
      flipped[i] ^= 0x01;
      assertThat(ids().of(flipped)).as("byte " + i + " flipped").isNotEqualTo(id);
    }
    assertThat(ids().of(encoded)).isEqualTo(id);
  }
}
