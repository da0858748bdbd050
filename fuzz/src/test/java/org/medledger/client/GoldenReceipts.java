package org.medledger.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medledger.core.block.Block;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.InMemoryLogNodes;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.fuzz.GoldenBlocks;

/**
 * Transaction receipts of the golden chain, rendered as a node renders them: the log rebuilt from
 * every recorded outcome, each block's own commit certificate, and the sender's certificate found
 * where the chain registered it. They verify, so a fuzzer starting from them reaches every check.
 */
final class GoldenReceipts {
  private GoldenReceipts() {}

  static Genesis genesis() {
    return GenesisJson.read(GoldenBlocks.genesisJson("intl"));
  }

  /** Up to {@code count} receipts of transactions whose sender's certificate the chain holds. */
  static List<byte[]> receipts(int count) {
    Genesis genesis = genesis();
    HashFunction hash = genesis.cryptoSuite().hash();
    MerkleHasher merkle = new MerkleHasher(hash);
    List<Block> blocks = GoldenBlocks.first("intl", 30);
    List<TxOutcome> outcomes = outcomes(blocks.size());
    Map<Hash, byte[]> certificates = new HashMap<>();
    InMemoryLogNodes log = new InMemoryLogNodes(merkle);
    List<byte[]> receipts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    int leaf = 0;
    for (Block block : blocks) {
      int first = leaf;
      for (Transaction tx : block.transactions()) {
        log.appendLeafHash(merkle.leafHash(withId(outcomes.get(leaf), tx.id(hash)).logEntry()));
        tx.args().get("certificate").ifPresent(pem -> {
          X509Certificate c = Pem.parseCertificate(pem);
          try {
            certificates.put(CertificateId.of(hash, c), c.getEncoded());
          } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
          }
        });
        leaf++;
      }
      for (int i = 0; i < block.transactions().size() && receipts.size() < count; i++) {
        Transaction tx = block.transactions().get(i);
        byte[] cert = certificates.get(tx.sender());
        if (cert == null) {
          continue;
        }
        long index = first + i;
        try {
          receipts.add(json.writeValueAsBytes(ReceiptDocuments.transactionReceipt(tx, index, leaf,
              MerkleProofs.inclusionProof(merkle, index, leaf, log), withId(outcomes.get((int) index), tx.id(hash)),
              block.signedHeader(), hash, cert)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return receipts;
  }

  private static TxOutcome withId(TxOutcome o, Hash id) {
    return o.success() ? TxOutcome.ok(id, List.of()) : TxOutcome.failed(id, o.code(), o.message());
  }

  /** The recorded outcomes (success, code, message) of the first blocks, in log order, ids to be filled in. */
  private static List<TxOutcome> outcomes(int blocks) {
    List<TxOutcome> out = new ArrayList<>();
    int seen = 0;
    try {
      for (String line : Files.readAllLines(GoldenBlocks.folder("intl").resolve("chain.txt"), StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f[0].equals("block") && ++seen > blocks) {
          break;
        }
        if (f[0].equals("tx")) {
          out.add(f[4].equals("ok") ? TxOutcome.ok(Hash.ZERO, List.of())
              : TxOutcome.failed(Hash.ZERO, unescape(f[5]), unescape(f[6])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The golden chain's one-line escapes (it/.../golden/OneLine.java). */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'u' -> {
          out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }
}
