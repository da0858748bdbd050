package org.medledger.core.governance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * What the API and the CLI read of governance, from a committed state: proposals with their votes,
 * and the changes recorded for a later height. Read-only, no I/O of its own.
 */
public final class GovernanceView {
  public static final int MAX_PAGE = 200;

  private GovernanceView() {}

  /** A proposal with the votes cast on it, by organisation. */
  public record ProposalVotes(Proposal proposal, SortedMap<String, String> votes) {}

  /** The state key a proposal lives under, as the API's state receipts name it ({@code namespace/key}). */
  public static String stateKeyName(long id) {
    return Consortium.NAMESPACE + "/" + Proposal.key(id);
  }

  public static Optional<ProposalVotes> proposal(StateReader state, long id) {
    byte[] v = state.get(StateKeys.of(Consortium.NAMESPACE, Proposal.key(id)));
    return v == null ? Optional.empty() : Optional.of(new ProposalVotes(Proposal.decode(v), votes(state, id)));
  }

  /** Up to {@code limit} proposals from id {@code from} on, in id order. */
  public static List<ProposalVotes> proposals(StateReader state, long from, int limit) {
    List<ProposalVotes> out = new ArrayList<>();
    byte[] prefix = StateKeys.of(Consortium.NAMESPACE, "proposal/");
    state.scan(prefix, (k, v) -> {
      Proposal p = Proposal.decode(v);
      if (p.id() >= from) {
        out.add(new ProposalVotes(p, votes(state, p.id())));
      }
      return out.size() < Math.min(limit, MAX_PAGE);
    });
    return out;
  }

  public static SortedMap<String, String> votes(StateReader state, long id) {
    TreeMap<String, String> m = new TreeMap<>();
    String prefix = GovernanceContract.votePrefix(id);
    state.scan(StateKeys.of(Consortium.NAMESPACE, prefix), (k, v) -> {
      m.put(StateKeys.localKey(Consortium.NAMESPACE, k).substring(prefix.length()), new String(v, StandardCharsets.US_ASCII));
      return true;
    });
    return m;
  }

  /** Passed validator-set changes, each with the height it is recorded to take effect at (step 2 applies them). */
  public static List<SortedMap<String, String>> validatorChanges(StateReader state) {
    return records(state, Consortium.VALIDATOR_CHANGE_PREFIX);
  }

  /** Passed upgrades: protocol version and height. */
  public static List<SortedMap<String, String>> upgrades(StateReader state) {
    return records(state, Consortium.UPGRADE_PREFIX);
  }

  private static List<SortedMap<String, String>> records(StateReader state, String prefix) {
    List<SortedMap<String, String>> out = new ArrayList<>();
    state.scan(StateKeys.of(Consortium.NAMESPACE, prefix), (k, v) -> {
      out.add(Consortium.decodeValues(v));
      return out.size() < MAX_PAGE;
    });
    return out;
  }
}
