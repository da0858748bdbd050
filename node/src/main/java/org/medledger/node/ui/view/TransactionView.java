package org.medledger.node.ui.view;

/** One committed transaction and its outcome, with the link to its receipt (JSON, for offline checks). */
public record TransactionView(String id, long height, int index, long leafIndex, String contract, String method,
    String sender, long nonce, String time, boolean success, String code, String message, String receiptPath) {}
