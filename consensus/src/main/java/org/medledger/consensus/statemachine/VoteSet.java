package org.medledger.consensus.statemachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.Hash;

/**
 * The votes of one kind at one (height, round). A validator that signs two different values
 * counts toward each of them (and is caught: see {@link #add}). That is safe, since two quorums
 * still share an honest validator who voted once, and it is needed for liveness: an honest
 * validator must be able to see the 2f+1 prevotes another one locked on, whatever a Byzantine
 * validator told it first (the paper's gossip assumption, CometBFT's conflicting-vote tracking).
 */
final class VoteSet {
  private final Map<Hash, Map<Integer, Vote>> byValue = new TreeMap<>();
  private final Map<Integer, Vote> firstBySender = new TreeMap<>();
  private final Set<Integer> senders = new TreeSet<>();
  private final Map<Integer, Integer> valuesBySender = new TreeMap<>();
  /** Distinct values kept per sender: the first and one conflicting one, which is the evidence. */
  static final int MAX_VALUES_PER_SENDER = 2;

  /**
   * Adds a vote; a sender's third and later values only when {@code support} others voted for
   * that value too. Returns the sender's earlier vote for another value when this one conflicts
   * with it (equivocation), else null.
   */
  Vote add(Vote v, int support) {
    if (contains(v)) {
      return null;
    }
    if (valuesBySender.getOrDefault(v.sender(), 0) >= MAX_VALUES_PER_SENDER && count(v.valueId()) < support) {
      // A third value from one validator, which no honest validator has voted for: it proves
      // nothing new and would let a Byzantine validator grow this set without bound. A value
      // with f+1 votes is kept whatever its order of arrival (its 2f+1 may be someone's lock).
      return null;
    }
    valuesBySender.merge(v.sender(), 1, Integer::sum);
    Map<Integer, Vote> forValue = byValue.computeIfAbsent(v.valueId(), k -> new TreeMap<>());
    forValue.put(v.sender(), v);
    senders.add(v.sender());
    Vote first = firstBySender.putIfAbsent(v.sender(), v);
    return first;
  }

  boolean contains(Vote v) {
    Map<Integer, Vote> forValue = byValue.get(v.valueId());
    return forValue != null && forValue.containsKey(v.sender());
  }

  int count(Hash id) {
    Map<Integer, Vote> forValue = byValue.get(id);
    return forValue == null ? 0 : forValue.size();
  }

  /** Distinct validators that voted at all. */
  int total() {
    return senders.size();
  }

  /** The votes for {@code id}, in validator order. */
  List<Vote> votesFor(Hash id) {
    Map<Integer, Vote> forValue = byValue.get(id);
    return forValue == null ? List.of() : new ArrayList<>(forValue.values());
  }
}
