package org.medledger.apps.insurance.contract;

import static org.medledger.apps.insurance.contract.InsuranceArgs.AMOUNT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CLAIMS;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CURRENCY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.REFERENCE;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Payments (issue 15, item 5; FHIR {@code PaymentReconciliation}): the insurer records one bank
 * transfer to one hospital covering adjudicated or approved claims of its own; the amount must be
 * exactly what their adjudications have the insurer pay. Each paid line adds to its line hash's
 * total across insurers ({@link PaidLine}), which may never pass the line's billed amount, and an
 * insurer pays a line hash once: so no line is paid twice, whoever bills it.
 */
final class Payments {
  private Payments() {}

  static void pay(ContractContext ctx) throws ContractException {
    String insurer = ctx.caller().organisation();
    List<Hash> ids = CLAIMS.in(ctx);
    long amount = AMOUNT.in(ctx);
    String currency = CURRENCY.in(ctx);
    String reference = REFERENCE.in(ctx);
    List<Claim> claims = new ArrayList<>();
    String payee = null;
    long due = 0;
    for (Hash id : ids) {
      Claim c = Claims.find(ctx, id);
      InsuranceRoles.requireInsurer(ctx.caller(), c.insurer(), "claim " + id.hex());
      Claims.requireMove(c, ClaimStatus.PAID);
      if (payee == null) {
        payee = c.submitter();
      } else if (!payee.equals(c.submitter())) {
        throw new ContractException("invalid_argument", "claims: a payment goes to one hospital; claim " + id.hex()
            + " was submitted by " + c.submitter() + ", not " + payee);
      }
      if (!c.currency().equals(currency)) {
        throw new ContractException("currency_mismatch", "claim " + id.hex() + " is in " + c.currency() + ", not " + currency);
      }
      due = Money.add(due, c.adjudication().insurerPays(), "the payment's total");
      claims.add(c);
    }
    if (amount != due) {
      throw new ContractException("amount_mismatch", "amount " + amount + " is not what the adjudications of these claims"
          + " have " + insurer + " pay: " + due + " " + currency);
    }
    for (Claim c : claims) {
      for (int i = 0; i < c.lines().size(); i++) {
        ClaimLine line = c.lines().get(i);
        long pays = c.adjudication().lines().get(i).insurerPays();
        if (pays == 0) {
          continue; // nothing paid: the index records payments, not lines judged uncovered
        }
        PaidLine paid = Claims.paidLine(ctx, line.lineHash());
        String at = "claim " + c.id().hex() + " line " + (i + 1);
        if (paid.insurers().contains(insurer)) {
          throw new ContractException("already_paid", at + " was already paid by " + insurer);
        }
        if (Money.add(paid.paid(), pays, at + " paid total") > line.billed()) {
          throw new ContractException("already_paid", at + ": " + paid.paid() + " of its billed " + line.billed()
              + " is already paid by other insurers; " + pays + " more would pay it beyond what was billed");
        }
        ctx.put(InsuranceKeys.paidLine(line.lineHash()), paid.plus(insurer, pays).encode());
      }
      Claims.save(ctx, c.with(ClaimStatus.PAID, c.adjudication(), c.decisionReason(), ctx.transactionId()));
    }
    Payment p = new Payment(ctx.transactionId(), insurer, payee, currency, amount, ids, reference, ctx.blockHeight(),
        ctx.blockTimestamp());
    ctx.put(InsuranceKeys.payment(p.id()), p.encode());
    ctx.emit("PaymentRecorded", Args.of("payment", p.id().hex(), "insurer", insurer, "payee", payee, "amount",
        Long.toString(amount), "currency", currency));
  }
}
