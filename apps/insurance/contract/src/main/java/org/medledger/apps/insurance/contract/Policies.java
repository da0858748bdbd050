package org.medledger.apps.insurance.contract;

import static org.medledger.apps.insurance.contract.InsuranceArgs.EFFECTIVE;
import static org.medledger.apps.insurance.contract.InsuranceArgs.END;
import static org.medledger.apps.insurance.contract.InsuranceArgs.GROUP;
import static org.medledger.apps.insurance.contract.InsuranceArgs.HOLDER_SIGNATURE;
import static org.medledger.apps.insurance.contract.InsuranceArgs.NEW_HOLDER;
import static org.medledger.apps.insurance.contract.InsuranceArgs.PATIENT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.POLICY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.PRODUCT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.REASON;
import static org.medledger.apps.insurance.contract.InsuranceArgs.START;

import java.util.List;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;

/**
 * Policies (issue 15, item 1): an insurer issues a policy of its product to a registered patient
 * for a period, renews it by a term, cancels it from a day on, and transfers it to a new holder
 * with the holder's signature ({@link PolicyTransfer}). No policy starts or is cancelled before
 * the block's day: cover is never granted or withdrawn in the past. Every change is a {@link
 * PolicyChange} under the policy's history.
 */
final class Policies {
  private final CryptoSuite suite;
  private final String signingChainId;

  Policies(CryptoSuite suite, String signingChainId) {
    this.suite = suite;
    this.signingChainId = signingChainId;
  }

  void issue(ContractContext ctx) throws ContractException {
    String insurer = ctx.caller().organisation();
    String product = PRODUCT.in(ctx);
    int version = Products.latestVersion(ctx, insurer, product);
    Hash patient = PATIENT.in(ctx);
    if (RecordsOnLedger.patientKey(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient.hex() + " is not registered: a policy covers a"
          + " registered patient");
    }
    long start = ServiceDate.parse(START.in(ctx), "start");
    long end = ServiceDate.parse(END.in(ctx), "end");
    long today = ServiceDate.dayOf(ctx.blockTimestamp());
    if (start < today) {
      throw new ContractException("invalid_argument", "start " + ServiceDate.format(start) + " is before the block's day "
          + ServiceDate.format(today) + ": a policy is not issued in the past");
    }
    if (end <= start) {
      throw new ContractException("invalid_argument", "end " + ServiceDate.format(end) + " must be after start "
          + ServiceDate.format(start));
    }
    String group = GROUP.ifGiven(ctx).orElse("");
    Policy p = new Policy(ctx.transactionId(), insurer, product, patient, patient, group,
        List.of(new PolicyTerm(start, end, version)), PolicyStatus.ACTIVE, 0, 1);
    save(ctx, p, "issued", "product " + product + " v" + version + " from " + ServiceDate.format(start) + " to "
        + ServiceDate.format(end) + " for patient " + patient.hex());
  }

  void transfer(ContractContext ctx) throws ContractException {
    Policy p = ownActive(ctx, "transfer");
    Hash newHolder = NEW_HOLDER.in(ctx);
    String group = GROUP.ifGiven(ctx).orElse("");
    if (newHolder.equals(p.holder()) && group.equals(p.group())) {
      throw new ContractException("invalid_argument", "newHolder: patient " + newHolder.hex() + " already holds policy "
          + p.id().hex() + " in that group");
    }
    if (RecordsOnLedger.patientKey(ctx, newHolder).isEmpty()) {
      throw new ContractException("unknown_patient", "newHolder: patient " + newHolder.hex() + " is not registered");
    }
    byte[] holderKey = RecordsOnLedger.patientKey(ctx, p.holder()).orElseThrow(() -> new ContractException(
        "unknown_patient", "the holder " + p.holder().hex() + " is not registered"));
    byte[] statement = PolicyTransfer.statement(signingChainId, p.id(), p.version(), newHolder, group);
    if (!HOLDER_SIGNATURE.given(ctx)) {
      throw new ContractException("missing_signature", "a transfer of policy " + p.id().hex() + " needs the holder's"
          + " signature (holderSignature, medledger/insurance/transfer/v1) as well as the insurer's");
    }
    if (!PolicyTransfer.verifies(suite, holderKey, statement, HOLDER_SIGNATURE.in(ctx))) {
      throw new ContractException("invalid_signature", "holderSignature does not verify with holder " + p.holder().hex()
          + "'s key over the transfer of policy " + p.id().hex() + " at version " + p.version() + " to " + newHolder.hex());
    }
    save(ctx, p.withHolder(newHolder, group), "transferred", "from holder " + p.holder().hex() + " to " + newHolder.hex()
        + (group.isEmpty() ? "" : " in group " + group));
  }

  void renew(ContractContext ctx) throws ContractException {
    Policy p = ownActive(ctx, "renew");
    long end = ServiceDate.parse(END.in(ctx), "end");
    PolicyTerm last = p.lastTerm();
    if (end <= last.endDay()) {
      throw new ContractException("invalid_argument", "end " + ServiceDate.format(end) + " must be after the policy's"
          + " current end " + ServiceDate.format(last.endDay()));
    }
    if (p.terms().size() >= Policy.MAX_TERMS) {
      throw new ContractException("too_many_terms", "policy " + p.id().hex() + " has " + Policy.MAX_TERMS
          + " terms: issue a new policy");
    }
    int version = Products.latestVersion(ctx, p.insurer(), p.productCode());
    save(ctx, p.withTerm(new PolicyTerm(last.endDay(), end, version)), "renewed", "from " + ServiceDate.format(last.endDay())
        + " to " + ServiceDate.format(end) + " under product " + p.productCode() + " v" + version);
  }

  void cancel(ContractContext ctx) throws ContractException {
    Policy p = ownActive(ctx, "cancel");
    long today = ServiceDate.dayOf(ctx.blockTimestamp());
    long from = EFFECTIVE.given(ctx) ? ServiceDate.parse(EFFECTIVE.in(ctx), "effective") : today;
    if (from < today) {
      throw new ContractException("invalid_argument", "effective " + ServiceDate.format(from) + " is before the block's day "
          + ServiceDate.format(today) + ": a cancellation does not reach back over care already given");
    }
    String reason = REASON.in(ctx);
    save(ctx, p.cancelledFrom(from), "cancelled", "from " + ServiceDate.format(from) + ": " + reason);
  }

  /** The policy named by the {@code policy} argument, when it exists. */
  static Policy find(ContractContext ctx, Hash id) throws ContractException {
    byte[] v = ctx.get(InsuranceKeys.policy(id));
    if (v == null) {
      throw new ContractException("unknown_policy", "no policy " + id.hex() + " on the ledger");
    }
    return Policy.decode(v);
  }

  private static Policy ownActive(ContractContext ctx, String action) throws ContractException {
    Policy p = find(ctx, POLICY.in(ctx));
    InsuranceRoles.requireInsurer(ctx.caller(), p.insurer(), "policy " + p.id().hex());
    if (p.status() != PolicyStatus.ACTIVE) {
      throw new ContractException("policy_cancelled", "policy " + p.id().hex() + " is cancelled from "
          + ServiceDate.format(p.cancelledFromDay()) + ": it cannot " + action);
    }
    return p;
  }

  private static void save(ContractContext ctx, Policy p, String kind, String detail) {
    ctx.put(InsuranceKeys.policy(p.id()), p.encode());
    ctx.put(InsuranceKeys.policyHistory(p.id(), p.version()), new PolicyChange(kind, ctx.blockHeight(), ctx.blockTimestamp(),
        ctx.caller().organisation(), ctx.caller().certificateId(), ctx.transactionId(), detail).encode());
    ctx.emit("Policy" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1), Args.of("policy", p.id().hex(), "insurer",
        p.insurer(), "version", Integer.toString(p.version())));
  }
}
