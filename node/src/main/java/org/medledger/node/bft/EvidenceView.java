package org.medledger.node.bft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.core.consensus.ConsensusSignBytes;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.evidence.EvidenceRecord;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;

/**
 * Committed evidence of equivocation as people read it (in {@code /v1/health} and the regulator's
 * {@code /v1/consensus/evidence}): each validator named as the genesis or, for one voted in or
 * rotated since, the validator-set change the ledger recorded names it.
 */
public final class EvidenceView {
  /** How many of the latest records health shows. */
  public static final int HEALTH_LATEST = 5;
  public static final int MAX_PAGE = 500;

  private final Genesis genesis;

  public EvidenceView(Genesis genesis) {
    this.genesis = genesis;
  }

  /** Every validator the chain ever had, by node certificate id: the genesis's, then each recorded set's. */
  private Map<Hash, ValidatorEntry> validators(StateReader state) {
    Map<Hash, ValidatorEntry> out = new TreeMap<>();
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(genesis, state)) {
      for (ValidatorEntry v : t.validators()) {
        out.putIfAbsent(CertificateId.of(genesis.cryptoSuite().hash(), Pem.parseCertificate(v.nodeCertificatePem())), v);
      }
    }
    return out;
  }

  /** "name of organisation", or the certificate id of one no recorded set names. */
  public String describe(Hash validator, StateReader state) {
    return describe(validator, validators(state));
  }

  private static String describe(Hash validator, Map<Hash, ValidatorEntry> validators) {
    ValidatorEntry v = validators.get(validator);
    return v == null ? validator.hex() : v.name() + " of " + v.organisation();
  }

  /** The count and the latest few, newest first: for health, which anyone may read. */
  public Map<String, Object> summary(StateReader state) {
    Map<Hash, ValidatorEntry> validators = validators(state);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", EvidenceContract.count(state));
    List<Map<String, Object>> latest = new ArrayList<>();
    for (EvidenceRecord r : EvidenceContract.latest(state, HEALTH_LATEST)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("validator", name(r.evidence().validator(), validators));
      e.put("organisation", organisation(r.evidence().validator(), validators));
      e.put("height", r.evidence().height());
      e.put("round", r.evidence().round());
      e.put("kind", r.evidence().step().wireName());
      e.put("recordedAtHeight", r.recordedHeight());
      latest.add(e);
    }
    m.put("latest", latest);
    return m;
  }

  /** Every record from {@code from}, oldest first, with both signed messages: the regulator's view. */
  public List<Map<String, Object>> list(StateReader state, long from, int limit) {
    Map<Hash, ValidatorEntry> validators = validators(state);
    List<Map<String, Object>> out = new ArrayList<>();
    for (EvidenceRecord r : EvidenceContract.list(state, from, Math.min(limit, MAX_PAGE))) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("sequence", r.sequence());
      e.put("validator", name(r.evidence().validator(), validators));
      e.put("organisation", organisation(r.evidence().validator(), validators));
      e.put("validatorCertificate", r.evidence().validator().hex());
      e.put("height", r.evidence().height());
      e.put("round", r.evidence().round());
      e.put("kind", r.evidence().step().wireName());
      e.put("first", message(r.evidence().first()));
      e.put("second", message(r.evidence().second()));
      e.put("recordedAtHeight", r.recordedHeight());
      e.put("transaction", r.transaction().hex());
      e.put("submittedBy", describe(r.submitter(), validators));
      out.add(e);
    }
    return out;
  }

  private static Map<String, Object> message(SignedConsensusMessage m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("value", ConsensusSignBytes.NIL.equals(m.valueId()) ? "nil" : m.valueId().hex());
    if (m.validRound() >= 0) {
      j.put("validRound", m.validRound());
    }
    j.put("signature", org.medledger.crypto.Hex.encode(m.signature()));
    return j;
  }

  private static String name(Hash validator, Map<Hash, ValidatorEntry> validators) {
    ValidatorEntry v = validators.get(validator);
    return v == null ? validator.hex() : v.name();
  }

  private static String organisation(Hash validator, Map<Hash, ValidatorEntry> validators) {
    ValidatorEntry v = validators.get(validator);
    return v == null ? "" : v.organisation();
  }
}
