package org.medledger.apps.drugs.contract;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * Resolves the member a node names when it relays a capture for a member that signed in to it
 * (EPCIS capture over REST): the member's certificate as registered on the ledger, valid at the
 * block's time. A node relays only for members it authenticated; the event records the relaying
 * node, so a node that relayed falsely is named by the ledger itself.
 */
@FunctionalInterface
public interface RelayedMembers {
  Caller resolve(ContractContext ctx, Hash certificateId) throws ContractException;

  /** No relaying: every event must be signed by its member. */
  RelayedMembers NONE = (ctx, id) -> {
    throw new ContractException("forbidden", "this network does not accept relayed captures");
  };
}
