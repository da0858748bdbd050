package org.medledger.node.ui.view;

/** A block in the blocks list. */
public record BlockRow(long height, String time, String hash, int transactions, String proposer) {}
