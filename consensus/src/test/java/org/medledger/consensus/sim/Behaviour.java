package org.medledger.consensus.sim;

/** How a simulated Byzantine validator misbehaves. Honest validators have none. */
enum Behaviour {
  HONEST,
  SILENT,
  /** Says one thing to even-numbered validators and another to odd ones (uncoordinated). */
  EQUIVOCATE,
  BAD_SIGNATURES,
  INVALID_BLOCKS,
  REPLAY_OLD,
  /**
   * All colluding validators show the even-numbered validators the honest view and the odd ones
   * one shared alternative valid value per (height, round): proposals, prevotes and precommits
   * for it, so that with too small a quorum the two halves each complete one.
   */
  COLLUDE,
  /** Forgets its lock: restarts often without its saved state (precommit A, later prevote B without a proof of lock). */
  AMNESIA,
  /** Re-proposes values claiming a validRound without the prevotes behind it. */
  FAKE_VALID_ROUND,
  /** Signs votes for many ids and proposals for far-future rounds. */
  FLOOD,
  /**
   * Votes honestly but relays every proposal it hears, its own included, with another body behind
   * the genuine header, id and signature, and the adversarial network delivers that copy first.
   */
  BODY_SWAP
}
