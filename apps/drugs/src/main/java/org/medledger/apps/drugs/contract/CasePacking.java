package org.medledger.apps.drugs.contract;

import static org.medledger.apps.drugs.contract.DrugArgs.CHILDREN;
import static org.medledger.apps.drugs.contract.DrugArgs.CHILDREN_TEXT;
import static org.medledger.apps.drugs.contract.DrugArgs.PARENT;
import static org.medledger.apps.drugs.contract.DrugKeys.caseKey;
import static org.medledger.apps.drugs.contract.DrugKeys.caseTraceKey;
import static org.medledger.apps.drugs.contract.DrugKeys.packKey;
import static org.medledger.apps.drugs.contract.DrugKeys.traceKey;
import static org.medledger.apps.drugs.contract.Holdings.requireCase;
import static org.medledger.apps.drugs.contract.Holdings.requireCaseHeld;
import static org.medledger.apps.drugs.contract.Holdings.requireHolder;
import static org.medledger.apps.drugs.contract.Holdings.requirePack;

import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;

/**
 * A holder packs packs into cases and cases into pallets (SSCC), and unpacks them: EPCIS
 * aggregation and disaggregation. What is packed moves only with its case.
 */
final class CasePacking {
  private CasePacking() {}

  /** Packs children (packs or cases the caller holds, in no other case) into {@code parent}, creating it or adding to it. */
  static void aggregate(EventContext ctx) throws ContractException {
    String org = ctx.caller().organisation();
    String parent = PARENT.in(ctx);
    List<String> children = CHILDREN.in(ctx);
    byte[] existing = ctx.get(caseKey(parent));
    List<String> contents = new ArrayList<>();
    CaseState parentState = new CaseState(org, "", List.of());
    if (existing != null) {
      parentState = CaseState.decode(existing);
      if (!parentState.parent().isEmpty()) {
        throw new ContractException("packed", "case " + parent + " is inside " + parentState.parent() + ": unpack that first");
      }
      requireCaseHeld(ctx, parent, parentState, org);
      contents.addAll(parentState.children());
    }
    byte[] trace = TraceEntry.ofEvent("aggregate", org, parent, ctx);
    for (String child : children) {
      ItemRef ref = ItemRef.parse(child);
      if (contents.contains(ref.canonical())) {
        throw new ContractException("invalid_argument", ref.canonical() + " is already in case " + parent);
      }
      if (ref.isCase()) {
        if (ref.sscc().equals(parent)) {
          throw new ContractException("invalid_argument", "case " + parent + " cannot hold itself");
        }
        CaseState cs = requireCase(ctx, ref.sscc());
        if (!cs.parent().isEmpty()) {
          throw new ContractException("packed", "case " + ref.sscc() + " is already inside " + cs.parent());
        }
        requireCaseHeld(ctx, ref.sscc(), cs, org);
        ctx.put(caseKey(ref.sscc()), cs.inCase(parent).encode());
        ctx.put(caseTraceKey(ref.sscc(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      } else {
        PackState p = requirePack(ctx, ref.gtin(), ref.serial());
        if (p.status() != PackState.Status.ACTIVE) {
          throw new ContractException("not_active", "serial " + ref.serial() + " is " + p.status().name().toLowerCase());
        }
        requireHolder(p, org, ref.serial());
        if (!p.parent().isEmpty()) {
          throw new ContractException("packed", "serial " + ref.serial() + " is already in case " + p.parent());
        }
        ctx.put(packKey(ref.gtin(), ref.serial()), p.inCase(parent).encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
      contents.add(ref.canonical());
    }
    if (contents.size() > CaseState.MAX_CHILDREN) {
      throw new ContractException("invalid_argument", "a case holds at most " + CaseState.MAX_CHILDREN + " children");
    }
    ctx.put(caseKey(parent), parentState.withChildren(contents).encode());
    ctx.put(caseTraceKey(parent, ctx.blockHeight(), ctx.traceSuffix()), trace);
    ctx.emit("Aggregated", Args.of("parent", parent, "added", Integer.toString(children.size()), "by", org, "eventId", ctx.eventId()));
  }

  /** Takes the listed children (or all) out of {@code parent}; a case left empty is gone. */
  static void disaggregate(EventContext ctx) throws ContractException {
    String org = ctx.caller().organisation();
    String parent = PARENT.in(ctx);
    CaseState cs = requireCase(ctx, parent);
    if (!cs.parent().isEmpty()) {
      throw new ContractException("packed", "case " + parent + " is inside " + cs.parent() + ": unpack that first");
    }
    requireCaseHeld(ctx, parent, cs, org);
    String listed = CHILDREN_TEXT.ifGiven(ctx).orElse("");
    List<String> out = listed.isEmpty() ? cs.children() : CHILDREN.decode(listed).stream().map(c -> ItemRef.parse(c).canonical()).toList();
    List<String> remaining = new ArrayList<>(cs.children());
    byte[] trace = TraceEntry.ofEvent("disaggregate", org, parent, ctx);
    for (String child : out) {
      if (!remaining.remove(child)) {
        throw new ContractException("invalid_argument", child + " is not in case " + parent);
      }
      ItemRef ref = ItemRef.parse(child);
      if (ref.isCase()) {
        ctx.put(caseKey(ref.sscc()), requireCase(ctx, ref.sscc()).inCase("").encode());
        ctx.put(caseTraceKey(ref.sscc(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      } else {
        ctx.put(packKey(ref.gtin(), ref.serial()), requirePack(ctx, ref.gtin(), ref.serial()).inCase("").encode());
        ctx.put(traceKey(ref.gtin(), ref.serial(), ctx.blockHeight(), ctx.traceSuffix()), trace);
      }
    }
    if (remaining.isEmpty()) {
      ctx.delete(caseKey(parent));
    } else {
      ctx.put(caseKey(parent), cs.withChildren(remaining).encode());
    }
    ctx.put(caseTraceKey(parent, ctx.blockHeight(), ctx.traceSuffix()), trace);
    ctx.emit("Disaggregated", Args.of("parent", parent, "removed", Integer.toString(out.size()), "by", org, "eventId", ctx.eventId()));
  }
}
