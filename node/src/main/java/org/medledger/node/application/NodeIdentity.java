package org.medledger.node.application;

import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * The node an application runs on: its certificate id (what its own transactions name as sender),
 * its organisation, its name in the node config, and the signer of its transactions.
 */
public record NodeIdentity(Hash certificateId, String organisation, String nodeName, Signer signer) {}
