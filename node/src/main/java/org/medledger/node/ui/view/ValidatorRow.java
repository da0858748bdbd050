package org.medledger.node.ui.view;

/**
 * A validator as the ledger shows it: whether its seal is on the newest block's commit
 * certificate, and how many of the {@code recent} newest blocks lack its seal (missed rounds).
 */
public record ValidatorRow(String name, String organisation, String id, boolean sealedLatest, int missed, int recent) {}
