package org.medledger.node.ui;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.medledger.core.membership.Membership;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.auth.ChallengeService;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ledger.Ledger;

/**
 * The node's services the portal reads, the same the API reads.
 *
 * @param tls whether the API serves HTTPS (the session cookie is then {@code Secure} and {@code __Host-})
 * @param tokenSignIn whether a pasted API token signs in (the node's {@code ui.tokenSignIn}: development, the demo)
 * @param mempoolSize transactions waiting in this node's mempool
 * @param peersLinked validators this node has a live link to
 */
public record PortalServices(Ledger ledger, Membership membership, ChallengeService challenges, TokenService tokens,
    Supplier<List<MetadataRule>> metadataRules, boolean tls, boolean tokenSignIn, IntSupplier mempoolSize,
    IntSupplier peersLinked) {}
