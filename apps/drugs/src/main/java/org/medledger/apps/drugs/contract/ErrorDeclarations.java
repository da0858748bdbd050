package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.CORRECTIVE_EVENT_IDS;
import static org.medledger.apps.drugs.contract.DrugArgs.DECLARED_EVENT_ID;
import static org.medledger.apps.drugs.contract.DrugArgs.DECLARED_EVENT_ORGANISATION;
import static org.medledger.apps.drugs.contract.DrugArgs.REASON;
import static org.medledger.apps.drugs.contract.DrugArgs.eventId;
import static org.medledger.apps.drugs.contract.DrugKeys.errorKey;
import static org.medledger.apps.drugs.contract.DrugKeys.eventKey;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;
import static org.medledger.apps.drugs.contract.DrugKeys.traceKey;
import static org.medledger.apps.drugs.contract.Holdings.requirePack;

import java.util.List;
import java.util.Set;
import org.medledger.apps.drugs.contract.PackTargets.PackRef;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * Mistakes are corrected by appending an error declaration (EPCIS {@code errorDeclaration}), never
 * by editing: declaring a shipment wrong calls it back while still in transit, declaring a
 * commissioning wrong voids codes not yet shipped.
 */
final class ErrorDeclarations {
  private ErrorDeclarations() {}

  /**
   * EPCIS errorDeclaration: the event stays, marked as declared in error. A shipment declared in
   * error returns to its shipper if nothing of it was received; a commissioning declared in error
   * voids codes the maker still holds. Any other correction is the corrective events that follow.
   */
  static void declare(EventContext ctx, Set<String> organisations) throws ContractException {
    String target = DECLARED_EVENT_ID.in(ctx);
    String reason = REASON.in(ctx);
    String corrective = CORRECTIVE_EVENT_IDS.ifGiven(ctx).orElse("").strip();
    List<String> correctiveIds = corrective.isEmpty() ? List.of() : List.of(corrective.split(" +"));
    if (correctiveIds.size() > ErrorDeclaration.MAX_CORRECTIVE) {
      throw new ContractException("invalid_argument", "correctiveEventIds: at most " + ErrorDeclaration.MAX_CORRECTIVE);
    }
    for (String c : correctiveIds) {
      eventId(c, "correctiveEventIds");
    }
    // Event ids are unique per organisation: the declarer's own unless a regulator names another.
    String recorder = DECLARED_EVENT_ORGANISATION.ifGiven(ctx).orElse(ctx.caller().organisation());
    if (!recorder.equals(ctx.caller().organisation()) && !organisations.contains(recorder)) {
      throw new ContractException("invalid_argument", "declaredEventOrganisation: '" + DrugText.line(recorder, "declaredEventOrganisation")
          + "' is not a member organisation of this network");
    }
    byte[] v = ctx.get(eventKey(recorder, target));
    if (v == null) {
      throw new ContractException("unknown_event", "no event with id " + target + " of " + recorder + " is on the ledger");
    }
    EventRecord e = EventRecord.decode(v);
    String org = ctx.caller().organisation();
    if (!e.organisation().equals(org) && !"regulator".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only " + e.organisation() + ", which recorded event " + target + ", or a regulator declares it in error");
    }
    if (ctx.get(errorKey(recorder, target)) != null) {
      throw new ContractException("already_declared", "event " + target + " was already declared in error");
    }
    byte[] trace = TraceEntry.ofEvent("declareError", org, target, ctx);
    EventContext original = new EventContext(ctx, ctx.caller(), "", new DrugEvent(e.method(), e.args()), target, ctx.traceSuffix());
    if (e.method().equals("ship")) {
      String to = e.args().get("to").orElse("");
      for (PackRef ref : PackTargets.of(original, true).packs()) {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (!p.holder().equals(e.organisation()) || !p.shippedTo().equals(to) || p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("already_received", "serial " + ref.serial() + " of the shipment has moved on (holder "
              + p.holder() + "): the receiver ships it back instead");
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.with(p.holder(), "", PackState.Status.ACTIVE, "").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    } else if (e.method().equals("commission")) {
      for (PackRef ref : PackTargets.of(original, false).packs()) {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (!p.holder().equals(p.maker()) || !p.shippedTo().isEmpty() || !p.parent().isEmpty() || p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("already_moved", "serial " + ref.serial() + " has left the maker's hands: decommission it instead");
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.with(p.holder(), "", PackState.Status.DECOMMISSIONED, "commissioning_error").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    }
    ctx.put(errorKey(recorder, target), new ErrorDeclaration(reason, org, ctx.blockTimestamp(), correctiveIds).encode());
    ctx.emit("ErrorDeclared", Args.of("declaredEventId", target, "reason", reason, "by", org));
  }
}
