package org.medledger.apps.trials.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.medledger.apps.trials.contract.OverdueTrials;
import org.medledger.apps.trials.contract.ProtocolCommitment;
import org.medledger.apps.trials.contract.TrialHead;
import org.medledger.apps.trials.contract.TrialVersion;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The public registry as the REST routes serve it: the contract's own queries on one committed
 * state, each item with where to fetch the state receipt that proves it ({@code
 * /v1/receipts/state?key=trials/...}, public for the registry's head, version, results and flag keys; enrolments are not public). Overdue status
 * is reckoned at the block time the caller passes (the head block's), never a clock.
 */
public final class TrialRegistryView {
  private final TrialsContract contract;
  private final HashFunction hashFunction;

  public TrialRegistryView(TrialsContract contract, HashFunction hashFunction) {
    this.contract = contract;
    this.hashFunction = hashFunction;
  }

  /**
   * One page of registered trials in trial-id order, each with its overdue status at {@code
   * blockTime}. The state scans by prefix only; to start just after the cursor without stepping
   * over every key before it, the page is read through the prefixes that sort after the cursor
   * ({@link #afterCursor}), so a page costs about the same anywhere in the registry.
   */
  public TrialPage trials(StateReader state, long blockTime, TrialPage.Request page) {
    List<Map<String, Object>> out = new ArrayList<>();
    boolean[] more = {false};
    java.util.function.BiPredicate<byte[], byte[]> collect = (k, v) -> {
      if (out.size() == page.limit()) {
        more[0] = true;
        return false;
      }
      TrialHead h = TrialHead.decode(v);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trialId", h.trialId());
      m.put("sponsor", h.sponsorOrganisation());
      m.put("latestVersion", h.latestVersion());
      m.put("enrolments", h.enrolments());
      m.put("resultsDue", h.resultsDue());
      m.put("resultsSubmitted", h.resultsHeight() != 0);
      Optional<OverdueTrials.Overdue> overdue = OverdueTrials.of(h, blockTime);
      m.put("overdue", overdue.isPresent());
      m.put("daysOverdue", overdue.map(OverdueTrials.Overdue::daysOverdue).orElse(0L));
      m.put("receipt", receipt(TrialsContract.headKey(h.trialId())));
      out.add(m);
      return true;
    };
    if (page.after().isEmpty()) {
      state.scan(StateKeys.of(TrialsContract.NAME, "head/"), collect);
    } else {
      byte[] cursor = StateKeys.of(TrialsContract.NAME, TrialsContract.headKey(page.after().get()));
      for (String prefix : afterCursor(page.after().get())) {
        state.scan(StateKeys.of(TrialsContract.NAME, "head/" + prefix), (k, v) -> java.util.Arrays.equals(k, cursor) || collect.test(k, v));
        if (more[0]) {
          break;
        }
      }
    }
    Optional<String> next = more[0] ? Optional.of((String) out.get(out.size() - 1).get("trialId")) : Optional.empty();
    return new TrialPage(out, next);
  }

  /** The characters a trial id is made of, in byte order (TrialDocument.TRIAL_ID). */
  private static final String ID_CHARACTERS = "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  /**
   * The id prefixes whose ids sort after {@code cursor}, in order, together covering every such
   * id: the cursor itself (ids that extend it; the caller skips the cursor), then, from its last
   * character back to its first, its first i characters followed by each id character greater
   * than its (i+1)th.
   */
  static List<String> afterCursor(String cursor) {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(cursor);
    for (int i = cursor.length() - 1; i >= 0; i--) {
      int at = ID_CHARACTERS.indexOf(cursor.charAt(i));
      for (int c = at + 1; c < ID_CHARACTERS.length(); c++) {
        prefixes.add(cursor.substring(0, i) + ID_CHARACTERS.charAt(c));
      }
    }
    return prefixes;
  }

  /** Whether this registered trial's results are overdue at {@code blockTime}. */
  public static boolean overdue(StateReader state, String trialId, long blockTime) {
    byte[] raw = state.get(StateKeys.of(TrialsContract.NAME, TrialsContract.headKey(trialId)));
    return raw != null && OverdueTrials.of(TrialHead.decode(raw), blockTime).isPresent();
  }

  public SortedMap<String, String> trial(StateReader state, String trialId) throws ContractException {
    SortedMap<String, String> m = contract.query(state, "trial", Args.of("trialId", trialId));
    m.put("receipt", receipt(TrialsContract.headKey(trialId)));
    return m;
  }

  public SortedMap<String, String> version(StateReader state, String trialId, String version) throws ContractException {
    SortedMap<String, String> m = contract.query(state, "version", Args.of("trialId", trialId, "version", version));
    m.put("receipt", receipt(TrialsContract.versionKey(trialId, Integer.parseInt(m.get("version")))));
    String protocolKey = m.remove("protocolKey");
    if (protocolKey != null) {
      m.put("protocolReceipt", receipt(protocolKey));
    }
    return m;
  }

  /**
   * The full protocol a version committed to, once its sponsor revealed it: the exact bytes from
   * the committed reveal transaction, re-hashed against the hash the registration committed. Not
   * yet revealed, no protocol committed, or a node that no longer keeps the transaction: not_found.
   */
  public Protocol protocol(StateReader state, Function<Hash, Optional<Transaction>> committed, String trialId, String version)
      throws ContractException {
    SortedMap<String, String> v = version(state, trialId, version);
    String hex = v.get("protocolHash");
    if (hex.isEmpty()) {
      throw new ContractException("not_found", "version " + v.get("version") + " of trial " + trialId + " commits no protocol");
    }
    ProtocolCommitment c = TrialsContract.protocol(state, trialId, Hash.fromHex(hex)).orElseThrow();
    if (!c.revealed()) {
      throw new ContractException("not_found", "trial " + trialId + "'s protocol " + hex + " (version " + v.get("version")
          + ") is committed but its sponsor has not revealed it yet");
    }
    Transaction tx = committed.apply(c.revealTransaction()).orElseThrow(() -> new ContractException("not_found",
        "the reveal transaction " + c.revealTransaction().hex() + " of trial " + trialId + " is not kept by this node"));
    byte[] bytes = org.medledger.crypto.Hex.decode(tx.args().get("protocol").orElse(""));
    if (!Hash.of(hashFunction.hash(bytes)).equals(c.protocolHash())) {
      throw new IllegalStateException("the revealed protocol of trial " + trialId + " does not hash to the hash on the ledger");
    }
    return new Protocol(bytes, v.get("protocolReceipt"));
  }

  /** A revealed protocol's exact bytes and where to fetch the state receipt of its commitment and reveal. */
  public record Protocol(byte[] bytes, String receipt) {}

  public SortedMap<String, String> versions(StateReader state, String trialId) throws ContractException {
    SortedMap<String, String> m = contract.query(state, "versions", Args.of("trialId", trialId));
    int n = Integer.parseInt(m.get("versions"));
    for (int v = 1; v <= n; v++) {
      m.put("version." + pad(v) + ".receipt", receipt(TrialsContract.versionKey(trialId, v)));
    }
    return m;
  }

  public SortedMap<String, String> flags(StateReader state, String trialId) throws ContractException {
    SortedMap<String, String> m = contract.query(state, "flags", Args.of("trialId", trialId));
    SortedMap<String, String> out = new TreeMap<>(m);
    m.forEach((key, value) -> {
      if (key.endsWith(".key")) {
        out.put(key.substring(0, key.length() - ".key".length()) + ".receipt", receipt(value));
      }
    });
    return out;
  }

  public SortedMap<String, String> overdue(StateReader state, long blockTime) throws ContractException {
    return overdue(state, blockTime, new TrialPage.Request(Optional.empty(), Integer.MAX_VALUE));
  }

  /**
   * The contract's {@code overdue} query, one page of it: {@code overdue} counts every overdue
   * trial, the {@code trial.<id>.*} keys are this page's (trial-id order, after the cursor, at most
   * the limit), each with its receipt, and {@code next} is the following page's cursor when there is one.
   */
  public SortedMap<String, String> overdue(StateReader state, long blockTime, TrialPage.Request page) throws ContractException {
    SortedMap<String, String> all = contract.query(state, "overdue", Args.of("at", Long.toString(blockTime)));
    SortedMap<String, String> m = new TreeMap<>();
    m.put("asOf", all.get("asOf"));
    m.put("overdue", all.get("overdue"));
    int taken = 0;
    String last = null;
    for (OverdueTrials.Overdue o : OverdueTrials.at(state, blockTime)) {
      if (page.after().isPresent() && o.trialId().compareTo(page.after().get()) <= 0) {
        continue;
      }
      if (taken == page.limit()) {
        m.put("next", last);
        break;
      }
      String p = "trial." + o.trialId() + ".";
      for (String field : new String[] {"resultsDue", "sponsor", "daysOverdue"}) {
        m.put(p + field, all.get(p + field));
      }
      m.put(p + "receipt", receipt(TrialsContract.headKey(o.trialId())));
      last = o.trialId();
      taken++;
    }
    return m;
  }

  /**
   * The registration document of one version, byte for byte as its sponsor signed it, taken from
   * the committed transaction the version names and re-hashed against the hash the ledger keeps:
   * anyone can repeat that check with any RFC 8785 implementation and the chain's hash.
   */
  public byte[] document(StateReader state, Function<Hash, Optional<Transaction>> committed, String trialId, String version)
      throws ContractException {
    SortedMap<String, String> v = contract.query(state, "version", Args.of("trialId", trialId, "version", version));
    TrialVersion stored = TrialVersion.decode(state.get(StateKeys.of(TrialsContract.NAME,
        TrialsContract.versionKey(trialId, Integer.parseInt(v.get("version"))))));
    Transaction tx = committed.apply(stored.transactionId()).orElseThrow(() -> new ContractException("not_found",
        "the transaction " + stored.transactionId().hex() + " of trial " + trialId + " version " + v.get("version")
            + " is not kept by this node"));
    byte[] document = tx.args().get("document").orElse("").getBytes(StandardCharsets.UTF_8);
    if (!Hash.of(hashFunction.hash(document)).equals(stored.documentHash())) {
      throw new IllegalStateException("the committed document of trial " + trialId + " version " + v.get("version")
          + " does not hash to the hash on the ledger");
    }
    return document;
  }

  static String receipt(String key) {
    return "/v1/receipts/state?key=" + TrialsContract.NAME + "/" + key;
  }

  private static String pad(int n) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, 4 - s.length())) + s;
  }
}
