package org.medledger.node.application;

import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;

/**
 * What an application's contracts may be built from: the chain's genesis and its membership,
 * nothing a node has of its own, so every node (and an offline verifier) builds the same ones.
 */
public record ChainEnvironment(Genesis genesis, Membership membership) {
  public ChainEnvironment(Genesis genesis) {
    this(genesis, new Membership(genesis));
  }
}
