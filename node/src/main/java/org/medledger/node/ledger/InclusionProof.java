package org.medledger.node.ledger;

import java.util.List;
import org.medledger.core.block.SignedHeader;

/**
 * RFC 9162 §2.1.3 inclusion proof of a transaction's log entry (its id and outcome) in the
 * ledger's transaction log, against the log root of a signed header: enough to check offline,
 * with nothing but the genesis, that the transaction was committed and how it ended.
 */
public record InclusionProof(
    byte[] txId, byte[] logEntry, long leafIndex, long treeSize, byte[] leafHash, List<byte[]> auditPath, byte[] rootHash,
    SignedHeader header) {}
