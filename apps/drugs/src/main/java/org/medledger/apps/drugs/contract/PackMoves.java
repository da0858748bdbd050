package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.REASON_TEXT;
import static org.medledger.apps.drugs.contract.DrugArgs.TO;
import static org.medledger.apps.drugs.contract.DrugKeys.caseTraceKey;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;
import static org.medledger.apps.drugs.contract.DrugKeys.traceKey;
import static org.medledger.apps.drugs.contract.DrugRoles.requireRole;
import static org.medledger.apps.drugs.contract.Holdings.requireHolder;
import static org.medledger.apps.drugs.contract.Holdings.requirePack;

import java.util.Set;
import java.util.TreeSet;
import org.medledger.apps.drugs.contract.PackTargets.PackRef;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * The steps that move packs on: ship (to a named member, in transit until it receives), receive
 * (only by the organisation shipped to), dispense (final) and decommission (destroyed, stolen,
 * sample, exported). Ownership moves only along ship → receive.
 */
final class PackMoves {
  static final Set<String> DECOMMISSION_REASONS = Set.of("destroyed", "stolen", "sample", "exported");

  private PackMoves() {}

  /**
   * @param step ship, receive, dispense or decommission
   * @param organisations the member organisations of the genesis: the only ones a pack is shipped to
   */
  static void move(EventContext ctx, String step, Set<String> organisations) throws ContractException {
    PackTargets t = PackTargets.of(ctx, !step.equals("dispense"));
    String org = ctx.caller().organisation();
    String to = step.equals("ship") ? TO.in(ctx) : "";
    if (step.equals("ship") && !organisations.contains(to)) {
      throw new ContractException("invalid_argument", "to: '" + DrugText.line(to, "to") + "' is not a member organisation of this network");
    }
    String reason = step.equals("decommission") ? REASON_TEXT.in(ctx) : "";
    if (step.equals("decommission") && !DECOMMISSION_REASONS.contains(reason)) {
      throw new ContractException("invalid_argument", "reason must be one of " + new TreeSet<>(DECOMMISSION_REASONS));
    }
    if (step.equals("dispense")) {
      requireRole(ctx, "dispense", "pharmacy", "admin");
    }
    if (step.equals("ship") && to.equals(org)) {
      throw new ContractException("invalid_argument", "a holder does not ship to itself");
    }
    byte[] trace = TraceEntry.ofEvent(step, org, to, ctx);
    for (PackRef ref : t.packs()) {
      String s = ref.serial();
      PackState p = requirePack(ctx, ref.gtin(), s);
      if (p.status() != PackState.Status.ACTIVE) {
        throw new ContractException("not_active", "serial " + s + " is " + p.status().name().toLowerCase());
      }
      if (!p.parent().isEmpty() && ref.viaCase().isEmpty()) {
        throw new ContractException("packed", "serial " + s + " is packed in case " + p.parent() + ": move the case, or unpack it first");
      }
      PackState next;
      switch (step) {
        case "ship" -> {
          requireHolder(p, org, s);
          next = p.with(org, to, PackState.Status.ACTIVE, "");
        }
        case "receive" -> {
          if (!p.shippedTo().equals(org)) {
            throw new ContractException("not_shipped_to_you", "serial " + s + " was not shipped to " + org);
          }
          next = p.with(org, "", PackState.Status.ACTIVE, "");
        }
        case "dispense" -> {
          requireHolder(p, org, s);
          next = p.with(org, "", PackState.Status.DISPENSED, "");
        }
        default -> {
          requireHolder(p, org, s);
          next = p.with(org, "", PackState.Status.DECOMMISSIONED, reason);
        }
      }
      ctx.put(packKey(ref.gtin(), s), next.encode());
      ctx.put(traceKey(ref.gtin(), s, ctx.blockHeight(), ctx.traceSuffix()), trace);
    }
    for (String c : t.cases()) {
      ctx.put(caseTraceKey(c, ctx.blockHeight(), ctx.traceSuffix()), trace);
    }
    ctx.emit(Character.toUpperCase(step.charAt(0)) + step.substring(1) + "d", Args.of("count", Integer.toString(t.packs().size()),
        "cases", Integer.toString(t.cases().size()), "by", org, "eventId", ctx.eventId()));
  }
}
