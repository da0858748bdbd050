package org.medledger.node.bft;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * The one source of the validator set a node runs at each height: the set the ledger's committed
 * state records for it ({@link ValidatorHistory}: the genesis's, then each passed change from its
 * effective height). Validators are ordered by certificate id, as the genesis's always were, so
 * an engine's sender index means the same validator on every node. Sets are built once each.
 */
public final class LedgerValidatorSchedule implements ValidatorSchedule {
  private final Genesis genesis;
  private final java.util.function.Supplier<StateReader> committed;
  /**
   * Built sets by their certificates: a set recorded for a height may still be replaced before
   * that height (a second change passing with the same effective height), so never by height.
   * Keyed by the certificates' PEM text, joined.
   */
  private final Map<String, ValidatorSet> built = new TreeMap<>();
  private final Map<String, List<Hash>> ids = new TreeMap<>();

  public LedgerValidatorSchedule(Genesis genesis, java.util.function.Supplier<StateReader> committed) {
    this.genesis = genesis;
    this.committed = committed;
  }

  @Override
  public synchronized ValidatorSet at(long height) {
    return built.get(effectiveFrom(height));
  }

  /** The validators' certificate ids at {@code height}, ascending (an engine's sender indices). */
  public synchronized List<Hash> idsAt(long height) {
    return ids.get(effectiveFrom(height));
  }

  /** The validators in force at {@code height}, as the ledger recorded them. */
  public List<ValidatorEntry> validatorsAt(long height) {
    return ValidatorHistory.at(genesis, committed.get(), height);
  }

  /** Whether {@code id} validates at any height from {@code height} on that the ledger has fixed. */
  public boolean validatesFrom(long height, Hash id) {
    for (ValidatorEntry v : validatorsFrom(height)) {
      if (CertificateId.of(genesis.cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem())).equals(id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The validators of the set in force at {@code height} and of every set the ledger has
   * scheduled after it: the peers a node keeps links with (a removed validator's links end at its
   * removal's height, a joining one's begin when its addition passes, so it can catch up first).
   */
  public synchronized List<ValidatorEntry> validatorsFrom(long height) {
    List<ValidatorHistory.Transition> all = ValidatorHistory.transitions(genesis, committed.get());
    List<ValidatorEntry> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i + 1 == all.size() || all.get(i + 1).effectiveAt() > height) {
        out.addAll(all.get(i).validators());
      }
    }
    return out;
  }

  private String effectiveFrom(long height) {
    ValidatorHistory.Transition inForce = null;
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(genesis, committed.get())) {
      if (inForce == null || t.effectiveAt() <= height) {
        inForce = t;
      }
    }
    ValidatorHistory.Transition t = inForce;
    String key = String.join("\n", t.validators().stream().map(ValidatorEntry::nodeCertificatePem).toList());
    if (!built.containsKey(key)) {
      TreeMap<Hash, Verifier> byId = new TreeMap<>();
      for (ValidatorEntry v : t.validators()) {
        X509Certificate c = Pem.parseCertificate(v.nodeCertificatePem());
        byId.put(CertificateId.of(genesis.cryptoSuite().hash(), c), genesis.cryptoSuite().signatures().verifier(c.getPublicKey()));
      }
      ids.put(key, List.copyOf(byId.keySet()));
      built.put(key, new ValidatorSet(new ArrayList<>(byId.keySet()), new ArrayList<>(byId.values())));
    }
    return key;
  }
}
