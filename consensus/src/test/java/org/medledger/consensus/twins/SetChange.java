package org.medledger.consensus.twins;

import java.util.ArrayList;
import java.util.List;
import org.medledger.consensus.ValidatorKey;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;

/**
 * A validator-set change a Twins run plays its scenario across (issue 24 item 2). Below {@link
 * #HEIGHT} the genesis's four (keys 0 to 3) are in force; from it validator 0 is removed,
 * validator 4 added and validator 3 rotated to key 5 (its node holds both keys, as a node whose
 * certificate is rotated does). The instances start at {@link #HEIGHT}, the block below it
 * decided by the old set, and the scenario's partitions and leaders play there, the first height
 * the new set decides.
 *
 * <p>The twinned (Byzantine) validator is either the one the change adds ({@link #ADDED_TWIN}:
 * two instances with key 4, one of the new four) or the one it removes ({@link #REMOVED_TWIN}:
 * two instances with key 0 that keep the old set as if no change had passed, so they go on
 * proposing and voting, each its own blocks, in the slot key 0 held: their messages must count for
 * no one). Instance numbers are node numbers; node 3 is the rotated one.
 */
record SetChange(String name, TwinsSetup setup, boolean twinnedKeepsOldSet) {
  static final long HEIGHT = 1;
  /** Keys in force below {@link #HEIGHT}, in slot order. */
  static final int[] BEFORE = {0, 1, 2, 3};
  /** Keys in force from {@link #HEIGHT}, in slot order. */
  static final int[] AFTER = {1, 2, 5, 4};
  static final int ROTATED_NODE = 3;
  static final int ROTATED_KEY = 5;
  static final int KEYS = 6;

  static final SetChange ADDED_TWIN = new SetChange("added twin", new TwinsSetup(5, 4), false);
  static final SetChange REMOVED_TWIN = new SetChange("removed twin", new TwinsSetup(5, 0), true);

  /** What the honest nodes follow: the old set below the height, the new one (with the scenario's leaders) from it. */
  ValidatorSchedule schedule(TwinsKeys keys, TwinsScenario scenario) {
    ValidatorSet before = keys.validatorSetOf(BEFORE);
    ValidatorSet after = new ScenarioLeaders(keys.validatorSetOf(AFTER), scenario, HEIGHT);
    return h -> h < HEIGHT ? before : after;
  }

  /** What a removed twin that ignores the change follows: the old set at every height, the scenario's leaders at the height. */
  ValidatorSchedule oldSetKept(TwinsKeys keys, TwinsScenario scenario) {
    ValidatorSet before = new ScenarioLeaders(keys.validatorSetOf(BEFORE), scenario, HEIGHT);
    return h -> before;
  }

  /** The keys node {@code node}'s process holds. */
  List<ValidatorKey> keysOf(TwinsKeys keys, int node) {
    List<ValidatorKey> out = new ArrayList<>();
    out.add(new ValidatorKey(TwinsKeys.id(node), keys.signer(node)));
    if (node == ROTATED_NODE) {
      out.add(new ValidatorKey(TwinsKeys.id(ROTATED_KEY), keys.signer(ROTATED_KEY)));
    }
    return out;
  }

  /** The node that holds slot {@code slot} of the new set. */
  static int nodeInSlot(int slot) {
    int key = AFTER[slot];
    return key == ROTATED_KEY ? ROTATED_NODE : key;
  }
}
