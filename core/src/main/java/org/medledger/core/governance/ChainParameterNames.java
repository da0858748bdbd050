package org.medledger.core.governance;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;

/**
 * The chain parameters a proposal may change, by the names the genesis gives them, each with the
 * range a proposal must stay within. The ranges are tighter than the genesis's own checks where a
 * value would disable the chain or governance itself: a transaction limit too small for a
 * proposal carrying a CA certificate, a threshold a minority could meet.
 */
public final class ChainParameterNames {
  public static final List<String> ALL = List.of("maxTransactionBytes", "maxBlockTransactions", "blockIntervalMillis",
      "timestampToleranceMillis", "memberChanges", "validatorChanges", "votingPeriodBlocks", "activationDelayBlocks");

  private ChainParameterNames() {}

  /** Every parameter's value as text, as the ledger keeps and the API shows them. */
  public static SortedMap<String, String> describe(ChainParameters p, GovernanceRules g) {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("maxTransactionBytes", Integer.toString(p.maxTransactionBytes()));
    m.put("maxBlockTransactions", Integer.toString(p.maxBlockTransactions()));
    m.put("blockIntervalMillis", Long.toString(p.blockIntervalMillis()));
    m.put("timestampToleranceMillis", Long.toString(p.timestampToleranceMillis()));
    m.put("memberChanges", g.memberChanges().toString());
    m.put("validatorChanges", g.validatorChanges().toString());
    m.put("votingPeriodBlocks", Long.toString(g.votingPeriodBlocks()));
    m.put("activationDelayBlocks", Long.toString(g.activationDelayBlocks()));
    return m;
  }

  /** The chain parameters these values state. */
  public static ChainParameters chainParameters(SortedMap<String, String> v) {
    return new ChainParameters(Integer.parseInt(v.get("maxTransactionBytes")), Integer.parseInt(v.get("maxBlockTransactions")),
        Long.parseLong(v.get("blockIntervalMillis")), Long.parseLong(v.get("timestampToleranceMillis")));
  }

  /** The governance rules these values state. */
  public static GovernanceRules rules(SortedMap<String, String> v) {
    return new GovernanceRules(Threshold.parse(v.get("memberChanges")), Threshold.parse(v.get("validatorChanges")),
        Long.parseLong(v.get("votingPeriodBlocks")), Long.parseLong(v.get("activationDelayBlocks")));
  }

  /**
   * The value a proposal states, checked and normalised; IllegalArgumentException names the
   * parameter and its range. The two size limits may only be lowered from the genesis's: every
   * node sizes its block decoding by the genesis, so raising them needs a new release (an upgrade).
   */
  public static String check(String name, String value, ChainParameters genesis) {
    switch (name) {
      case "maxTransactionBytes":
        return Long.toString(inRange(name, value, Math.min(16 * 1024, genesis.maxTransactionBytes()),
            genesis.maxTransactionBytes()));
      case "maxBlockTransactions":
        return Long.toString(inRange(name, value, Math.min(10, genesis.maxBlockTransactions()),
            genesis.maxBlockTransactions()));
      case "blockIntervalMillis":
        return Long.toString(inRange(name, value, 10, 60_000));
      case "timestampToleranceMillis":
        return Long.toString(inRange(name, value, 1_000, 86_400_000L));
      case "votingPeriodBlocks":
        return Long.toString(inRange(name, value, 1, GovernanceRules.MAX_VOTING_PERIOD_BLOCKS));
      case "activationDelayBlocks":
        return Long.toString(inRange(name, value, 1, GovernanceRules.MAX_ACTIVATION_DELAY_BLOCKS));
      case "memberChanges":
      case "validatorChanges":
        Threshold t = Threshold.parse(value);
        // Below a half, two disjoint groups could each pass contradicting proposals.
        if ((long) t.numerator() * 2 < t.denominator() || (!t.strict() && (long) t.numerator() * 2 == t.denominator())) {
          throw new IllegalArgumentException(name + " must be more than half (e.g. >1/2, >=2/3), got " + t);
        }
        return t.toString();
      default:
        throw new IllegalArgumentException("parameter '" + name + "' cannot be changed by a proposal (expected one of "
            + String.join(", ", ALL) + ")");
    }
  }

  private static long inRange(String name, String value, long min, long max) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number within [" + min + ", " + max + "], got '"
          + value + "'");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be within [" + min + ", " + max + "], got " + v);
    }
    return v;
  }
}
