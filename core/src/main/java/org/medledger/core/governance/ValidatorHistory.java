package org.medledger.core.governance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * The validators in force at each height, as the ledger fixed them: the genesis's, then from each
 * passed validator-set change's effective height the set recorded for it
 * ({@code consortium/validator-set/<height12>}). Effective heights never decrease in passing order
 * (GovernanceContract), so the set at a height is the one recorded at the greatest height not
 * above it. A change passes at least one block before its height ({@code activationDelayBlocks}
 * is at least 1), so the state after block h − 1 already answers for block h on every node alike.
 */
public final class ValidatorHistory {
  static final String PREFIX = "consortium/validator-set/";
  static final String LAST_KEY = "consortium/validator-set-last";
  private static final int MAX_TRANSITIONS = 100_000;

  private ValidatorHistory() {}

  /** One set and the height it takes effect at (the genesis's at height 1). */
  public record Transition(long effectiveAt, List<ValidatorEntry> validators) {}

  static String key(long effectiveAt) {
    return PREFIX + String.format(Locale.ROOT, "%012d", effectiveAt);
  }

  /** The full state key ({@code consortium ‖ 0x00 ‖ validator-set/<height12>}) of the set taking effect at {@code effectiveAt}. */
  public static byte[] stateKey(long effectiveAt) {
    return StateKeys.of(Consortium.NAMESPACE, key(effectiveAt));
  }

  /** The validators in force at {@code height}, read from a state at least as recent as height − 1. */
  public static List<ValidatorEntry> at(Genesis genesis, StateReader state, long height) {
    return inForce(transitions(genesis, state), height).validators();
  }

  /** Of {@code transitions} (the genesis's first, in height order), the one in force at {@code height}. */
  public static Transition inForce(List<Transition> transitions, long height) {
    Transition inForce = transitions.get(0);
    for (Transition t : transitions) {
      if (t.effectiveAt() <= height) {
        inForce = t;
      }
    }
    return inForce;
  }

  /** The genesis's set, then every recorded set in height order; only the genesis's without governance. */
  public static List<Transition> transitions(Genesis genesis, StateReader state) {
    List<Transition> out = new ArrayList<>();
    out.add(new Transition(1, genesis.validators()));
    if (genesis.governance().isEmpty()) {
      return out;
    }
    String prefix = PREFIX;
    state.scan(StateKeys.of(Consortium.NAMESPACE, prefix), (k, v) -> {
      String height = StateKeys.localKey(Consortium.NAMESPACE, k).substring(prefix.length());
      try {
        out.add(new Transition(Long.parseLong(height), ValidatorList.decode(v)));
      } catch (NumberFormatException e) {
        throw new DecodeException("validator set key '" + height + "' is not a height");
      }
      return out.size() < MAX_TRANSITIONS;
    });
    return out;
  }

  /** The greatest effective height recorded, 0 when no change was ever scheduled. */
  static long lastEffectiveHeight(StateReader state) {
    byte[] v = state.get(StateKeys.of(Consortium.NAMESPACE, LAST_KEY));
    return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
  }

  static byte[] encodeLast(long effectiveAt) {
    return Long.toString(effectiveAt).getBytes(StandardCharsets.US_ASCII);
  }
}
