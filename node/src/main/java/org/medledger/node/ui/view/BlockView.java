package org.medledger.node.ui.view;

import java.util.List;

/** One block: its header, its commit certificate's signers, its transactions with their outcomes. */
public record BlockView(long height, long head, String hash, String previousHash, String time, String proposer,
    String transactionRoot, String stateRoot, String logRoot, long logSize, int round, List<String> signers,
    List<TxRow> transactions) {}
