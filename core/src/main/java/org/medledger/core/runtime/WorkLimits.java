package org.medledger.core.runtime;

/**
 * How much state work a transaction and a block may do, in work units: one unit per state key a
 * contract reads or writes (a scan costs one per key it visits). A transaction's bytes and even its
 * declared {@link Contract#weight} do not bound what it touches (a few bytes naming a case reach ten
 * thousand packs), so the executor meters what each transaction actually touches and stops it past
 * {@link #MAX_TRANSACTION_WORK}; every validator refuses a block whose execution passes
 * {@link #MAX_BLOCK_WORK}. Both are fixed for a release, like any consensus rule: every node must
 * decide the same transaction failed at the same key.
 */
public final class WorkLimits {
  /**
   * The most one transaction may touch: a full commissioning (10,000 serials: 10,000 reads and
   * 10,000 writes) or a full shipment of 10,000 packs through cases (a read and two writes per
   * pack) fits with room to spare; a capture of many such events does not, and is refused.
   */
  public static final long MAX_TRANSACTION_WORK = 60_000;

  /**
   * The most one block may touch. A proposer fills far less (its own budget); this is what a
   * dishonest proposer can make each validator do before the block is refused.
   */
  public static final long MAX_BLOCK_WORK = 800_000;

  private WorkLimits() {}
}
