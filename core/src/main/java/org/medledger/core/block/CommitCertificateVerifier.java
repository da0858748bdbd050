package org.medledger.core.block;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Quorum;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Checks that a block is final: a quorum ({@link org.medledger.core.genesis.Quorum}) of distinct
 * validators of the set in force at its height signed its commit message. {@link #problem} knows
 * only the genesis's set; {@link #problemAt} reads the set the ledger fixed for the block's height
 * from committed state ({@link ValidatorHistory}), as nodes do on start-up and when syncing;
 * {@link #problemAgainst} takes a set the caller learned otherwise (offline, by walking a receipt's
 * proven transitions from the genesis: ValidatorSetWalk). On a chain without governance all agree.
 */
public final class CommitCertificateVerifier {
  private final Genesis genesis;
  private final Map<Hash, Verifier> validators;
  /**
   * Verifiers of each set the ledger recorded, by its certificates (a set recorded for a height
   * may be replaced before that height is reached). Keyed by the certificates' PEM text, joined.
   */
  private final Map<String, Map<Hash, Verifier>> recordedSets = new TreeMap<>();
  /** The seals are over {@link Genesis#signingChainId()}: a seal made under another genesis does not verify here. */
  private final String signingChainId;

  public CommitCertificateVerifier(Genesis genesis) {
    this.genesis = genesis;
    this.signingChainId = genesis.signingChainId();
    this.validators = verifiers(genesis, genesis.validators());
  }

  private static Map<Hash, Verifier> verifiers(Genesis genesis, List<ValidatorEntry> set) {
    Map<Hash, Verifier> out = new TreeMap<>();
    for (ValidatorEntry v : set) {
      X509Certificate c = Pem.parseCertificate(v.nodeCertificatePem());
      out.put(CertificateId.of(genesis.cryptoSuite().hash(), c), genesis.cryptoSuite().signatures().verifier(c.getPublicKey()));
    }
    return out;
  }

  /**
   * Like {@link #problem}, against the validators in force at the header's height as {@code
   * committed} records them: a state at least as recent as the block before it (a later one
   * answers alike, a set is recorded only for heights after the block that passed it).
   */
  public synchronized Optional<String> problemAt(StateReader committed, BlockHeader header, Hash blockHash,
      CommitCertificate certificate) {
    return problemAgainst(ValidatorHistory.inForce(ValidatorHistory.transitions(genesis, committed), header.height()),
        header, blockHash, certificate);
  }

  /**
   * Like {@link #problem}, against {@code inForce}: the set in force at the header's height and
   * the height it took effect at (1 for the genesis's), however the caller learned it (from
   * committed state, or offline by walking proven transitions, ValidatorSetWalk).
   */
  public synchronized Optional<String> problemAgainst(ValidatorHistory.Transition inForce, BlockHeader header, Hash blockHash,
      CommitCertificate certificate) {
    if (inForce.effectiveAt() <= 1) {
      return problem(header, blockHash, certificate, validators, "a genesis validator");
    }
    Map<Hash, Verifier> set = recordedSets.computeIfAbsent(
        String.join("\n", inForce.validators().stream().map(ValidatorEntry::nodeCertificatePem).toList()),
        k -> verifiers(genesis, inForce.validators()));
    return problem(header, blockHash, certificate, set, "a validator at height " + header.height()
        + " (the set in force from height " + inForce.effectiveAt() + ")");
  }

  /** Empty when the certificate proves the block final; otherwise what is wrong with it. */
  public Optional<String> problem(BlockHeader header, Hash blockHash, CommitCertificate certificate) {
    return problem(header, blockHash, certificate, validators, "a genesis validator");
  }

  private Optional<String> problem(BlockHeader header, Hash blockHash, CommitCertificate certificate,
      Map<Hash, Verifier> validators, String which) {
    if (!header.chainId().equals(genesis.chainId())) {
      return Optional.of("header is for chain '" + header.chainId() + "', the genesis is for '" + genesis.chainId() + "'");
    }
    int quorum = Quorum.size(validators.size());
    if (certificate.seals().size() < quorum) {
      return Optional.of("has " + certificate.seals().size() + " seals, needs " + quorum + " of " + validators.size() + " validators");
    }
    byte[] message = CommitCertificate.commitMessage(signingChainId, header.height(), certificate.round(), blockHash);
    int valid = 0;
    for (CommitSeal s : certificate.seals()) {
      Verifier v = validators.get(s.validator());
      if (v == null) {
        return Optional.of("seal from " + s.validator() + ", which is not " + which);
      }
      if (!v.verify(message, s.signature())) {
        return Optional.of("seal of validator " + s.validator() + " does not verify");
      }
      valid++;
    }
    return valid >= quorum ? Optional.empty() : Optional.of("only " + valid + " valid seals, needs " + quorum);
  }
}
