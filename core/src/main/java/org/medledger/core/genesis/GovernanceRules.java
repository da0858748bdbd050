package org.medledger.core.genesis;

import java.util.Objects;

/**
 * On-chain governance as the genesis enables it (its optional {@code governance} field): the
 * thresholds that pass a proposal and how long one stays open. A genesis without the field runs
 * no governance contract, so chains made before it keep their bytes, hash and outcomes. Once a
 * chain runs, these values are chain parameters like the others: a passed proposal changes them.
 *
 * @param memberChanges share of member organisations whose admins pass a member change (adding or
 *     removing an organisation, rotating its CA)
 * @param validatorChanges share of the validators' organisations whose admins pass a validator-set
 *     change, a chain-parameter change or an upgrade
 * @param votingPeriodBlocks blocks a proposal stays open after the one that holds it; then it expires
 * @param activationDelayBlocks blocks after the passing vote at which a validator-set change or
 *     an upgrade is recorded to take effect
 */
public record GovernanceRules(Threshold memberChanges, Threshold validatorChanges, long votingPeriodBlocks,
    long activationDelayBlocks) {
  public static final long MAX_VOTING_PERIOD_BLOCKS = 10_000_000L;
  public static final long MAX_ACTIVATION_DELAY_BLOCKS = 1_000_000L;
  /** A majority of members for member changes, two thirds of validators' organisations for the rest. */
  public static final GovernanceRules DEFAULTS =
      new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 1000, 2);

  public GovernanceRules {
    Objects.requireNonNull(memberChanges, "memberChanges");
    Objects.requireNonNull(validatorChanges, "validatorChanges");
    if (votingPeriodBlocks < 1 || votingPeriodBlocks > MAX_VOTING_PERIOD_BLOCKS) {
      throw new IllegalArgumentException("votingPeriodBlocks must be within [1, " + MAX_VOTING_PERIOD_BLOCKS + "], got "
          + votingPeriodBlocks);
    }
    if (activationDelayBlocks < 1 || activationDelayBlocks > MAX_ACTIVATION_DELAY_BLOCKS) {
      throw new IllegalArgumentException("activationDelayBlocks must be within [1, " + MAX_ACTIVATION_DELAY_BLOCKS
          + "], got " + activationDelayBlocks);
    }
  }
}
