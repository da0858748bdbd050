package org.medledger.consensus.sim;

/** How a simulated Byzantine validator misbehaves. Honest validators have none. */
enum Behaviour {
  HONEST,
  SILENT,
  EQUIVOCATE,
  BAD_SIGNATURES,
  INVALID_BLOCKS,
  REPLAY_OLD
}
