package org.medledger.node.ui.view;

/**
 * A transaction in a block's list; {@code visible} false when an application's metadata rule
 * hides it from this member (only its id is shown, as the API shows only ids).
 */
public record TxRow(int index, String id, boolean visible, String contract, String method, boolean success,
    String code) {}
