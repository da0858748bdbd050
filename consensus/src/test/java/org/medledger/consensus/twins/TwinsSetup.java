package org.medledger.consensus.twins;

import java.util.ArrayList;
import java.util.List;

/**
 * Who runs in a Twins scenario: {@code validators} genesis validators, each run by one engine
 * instance, and one more instance per twinned validator, holding that validator's key (instance
 * {@code validators + k} is a twin of validator {@code twinned[k]}). A twinned validator is the
 * Byzantine one; every other validator is honest and is what the properties are checked for.
 */
record TwinsSetup(int validators, int... twinned) {
  /** Four validators, validator 0 twinned: one Byzantine validator of four (f = 1). */
  static final TwinsSetup ONE_TWIN = new TwinsSetup(4, 0);
  /** Four validators, validators 0 and 1 twinned: more Byzantine validators than f, to prove a fork is found. */
  static final TwinsSetup TWO_TWINS = new TwinsSetup(4, 0, 1);

  TwinsSetup {
    twinned = twinned.clone();
    for (int v : twinned) {
      if (v < 0 || v >= validators) {
        throw new IllegalArgumentException("twinned validator " + v + " is not one of the " + validators);
      }
    }
  }

  int instances() {
    return validators + twinned.length;
  }

  /** The validator whose key instance {@code i} holds. */
  int validatorOf(int instance) {
    return instance < validators ? instance : twinned[instance - validators];
  }

  boolean isTwinned(int validator) {
    for (int v : twinned) {
      if (v == validator) {
        return true;
      }
    }
    return false;
  }

  boolean honest(int instance) {
    return !isTwinned(validatorOf(instance));
  }

  List<Integer> honestInstances() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < instances(); i++) {
      if (honest(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** "0", "0'" for instance 0's twin, and so on. */
  String name(int instance) {
    return instance < validators ? Integer.toString(instance) : validatorOf(instance) + "'";
  }
}
