package org.medledger.core.block;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Checks that a block is final using nothing but the genesis: a quorum ({@link org.medledger.core.genesis.Quorum}) of distinct genesis
 * validators signed its commit message. Nodes use it on start-up and when syncing; clients and
 * `medledger verify` use it offline.
 */
public final class CommitCertificateVerifier {
  private final Genesis genesis;
  private final Map<Hash, Verifier> validators = new TreeMap<>();
  /** The seals are over {@link Genesis#signingChainId()}: a seal made under another genesis does not verify here. */
  private final String signingChainId;

  public CommitCertificateVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.signingChainId = genesis.signingChainId();
    for (ValidatorEntry v : genesis.validators()) {
      X509Certificate c = Pem.parseCertificate(v.nodeCertificatePem());
      validators.put(CertificateId.of(genesis.cryptoSuite().hash(), c),
          genesis.cryptoSuite().signatures().verifier(c.getPublicKey()));
    }
  }

  /** Empty when the certificate proves the block final; otherwise what is wrong with it. */
  public Optional<String> problem(BlockHeader header, Hash blockHash, CommitCertificate certificate) {
    if (!header.chainId().equals(genesis.chainId())) {
      return Optional.of("header is for chain '" + header.chainId() + "', the genesis is for '" + genesis.chainId() + "'");
    }
    int quorum = genesis.quorum();
    if (certificate.seals().size() < quorum) {
      return Optional.of("has " + certificate.seals().size() + " seals, needs " + quorum + " of " + validators.size() + " validators");
    }
    byte[] message = CommitCertificate.commitMessage(signingChainId, header.height(), certificate.round(), blockHash);
    int valid = 0;
    for (CommitSeal s : certificate.seals()) {
      Verifier v = validators.get(s.validator());
      if (v == null) {
        return Optional.of("seal from " + s.validator() + ", which is not a genesis validator");
      }
      if (!v.verify(message, s.signature())) {
        return Optional.of("seal of validator " + s.validator() + " does not verify");
      }
      valid++;
    }
    return valid >= quorum ? Optional.empty() : Optional.of("only " + valid + " valid seals, needs " + quorum);
  }
}
