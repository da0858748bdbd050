package org.medledger.node.ledger;

import java.util.List;
import org.medledger.core.block.Block;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.crypto.Hash;
import org.medledger.crypto.merkle.CompactMerkleTree;
import org.medledger.crypto.merkle.LogNode;

/**
 * A block built and executed on top of the current head but not yet committed: what validators
 * vote on. It carries its execution so that committing it does not execute it again.
 */
public record ProposedBlock(
    Block block, Hash blockHash, ExecutionResult execution, List<LogNode> logNodes, CompactMerkleTree logAfter,
    org.medledger.crypto.smt.TreeUpdate stateTree) {}
