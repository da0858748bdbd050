package org.medledger.node.ledger;

import java.util.List;

/** RFC 9162 §2.1.4 proof that the log of size {@code from} is a prefix of the log of size {@code to}. */
public record ConsistencyProof(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> path) {}
