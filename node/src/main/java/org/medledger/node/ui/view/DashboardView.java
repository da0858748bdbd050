package org.medledger.node.ui.view;

import java.util.List;

/** The explorer's front page: the chain's head, its pace, and its validators. */
public record DashboardView(String chainId, long height, String lastBlockAge, String transactionsPerSecond,
    long transactionsLastMinute, int mempool, int peersLinked, List<ValidatorRow> validators) {}
