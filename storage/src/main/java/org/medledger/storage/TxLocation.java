package org.medledger.storage;

/** Where a committed transaction sits: block height and position within the block. */
public record TxLocation(long height, int index) {}
