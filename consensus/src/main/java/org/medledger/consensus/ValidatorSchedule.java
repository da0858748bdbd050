package org.medledger.consensus;

/**
 * The validator set in force at each height. The node derives it from committed state (the
 * genesis's set, then each change the ledger recorded, from its effective height); every node
 * must answer alike for a height once the block before it is committed, so the engine asks for
 * height h only after committing h − 1.
 */
@FunctionalInterface
public interface ValidatorSchedule {
  ValidatorSet at(long height);

  /** One set at every height: a chain whose validators never change. */
  static ValidatorSchedule fixed(ValidatorSet validators) {
    return height -> validators;
  }
}
