package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.NODE;
import static org.medledger.apps.drugs.contract.DrugKeys.relayKey;

import java.nio.charset.StandardCharsets;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/** Which organisations' nodes a member lets capture events for it. */
final class Relays {
  private Relays() {}

  /**
   * A member names (or stops naming) the organisation whose node may relay its captures: signed by
   * the member itself, so no node can capture for a member that did not choose it.
   */
  static void relay(ContractContext ctx, boolean authorize) throws ContractException {
    String org = NODE.in(ctx);
    String key = relayKey(ctx.caller().certificateId().hex(), org);
    if (authorize) {
      ctx.put(key, Long.toString(ctx.blockTimestamp()).getBytes(StandardCharsets.UTF_8));
    } else if (ctx.get(key) == null) {
      throw new ContractException("not_authorised", org + "'s node does not relay for this member");
    } else {
      ctx.delete(key);
    }
    ctx.emit(authorize ? "RelayAuthorised" : "RelayRevoked", Args.of("member", ctx.caller().certificateId().hex(), "node", org));
  }

  /** Refuses a capture that {@code ctx}'s node relays for {@code member} unless the member authorised that node. */
  static void requireAuthorised(ContractContext ctx, Caller member) throws ContractException {
    if (ctx.get(relayKey(member.certificateId().hex(), ctx.caller().organisation())) == null) {
      throw new ContractException("forbidden", "member " + member.name() + " of " + member.organisation() + " has not authorised "
          + ctx.caller().organisation() + "'s node to capture for it (drugs.authorizeRelay, signed by the member)");
    }
  }
}
