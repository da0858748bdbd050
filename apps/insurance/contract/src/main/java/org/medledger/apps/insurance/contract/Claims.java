package org.medledger.apps.insurance.contract;

import static org.medledger.apps.insurance.contract.InsuranceArgs.CLAIM;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CLINICIAN;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CURRENCY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.LINES;
import static org.medledger.apps.insurance.contract.InsuranceArgs.POLICY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.REASON;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * Claims (issue 15, item 2): a hospital's clinician submits a claim for a patient in the
 * hospital's care under her policy, and the contract adjudicates it at once ({@link Adjudicator})
 * or pends it for the insurer's assessor; the assessor approves (the claim is adjudicated again
 * against the year's usage at that moment) or denies it with a reason; the submitting hospital may
 * withdraw it before payment. Every move is checked against {@link ClaimStatus#next()}, every actor
 * against the claim's insurer or submitter, so a member of another organisation changes nothing.
 */
final class Claims {
  private static final long MILLIS_PER_HOUR = 3_600_000L;
  private final ClaimantCheck claimants;

  Claims(ClaimantCheck claimants) {
    this.claimants = claimants;
  }

  void submit(ContractContext ctx) throws ContractException {
    Caller clinician = billingClinician(ctx);
    claimants.requireMayBill(ctx, clinician);
    Policy policy = Policies.find(ctx, POLICY.in(ctx));
    String hospital = ctx.caller().organisation();
    if (!RecordsOnLedger.caredForBy(ctx, policy.insured(), hospital)) {
      throw new ContractException("not_in_care", "patient " + policy.insured().hex() + " has not put " + hospital
          + " in her care list: a hospital bills only its own patients");
    }
    String currency = CURRENCY.in(ctx);
    List<ClaimLine> lines = LINES.in(ctx);
    PolicyTerm term = termOfLines(ctx, policy, lines);
    ProductTerms product = Products.terms(ctx, policy.insurer(), policy.productCode(), term.productVersion());
    if (!product.currency().equals(currency)) {
      throw new ContractException("currency_mismatch", "currency " + currency + " is not the policy's ("
          + product.currency() + ")");
    }
    long waitingEnds = Math.addExact(policy.coveredSinceDay(), product.waitingDays());
    long total = 0;
    TreeSet<Hash> hashes = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      ClaimLine line = lines.get(i);
      String at = "line " + (i + 1);
      long day = ServiceDate.parse(line.dateOfService(), at + " dateOfService");
      if (day < waitingEnds) {
        throw new ContractException("waiting_period", at + ": " + line.dateOfService() + " is within the waiting period of"
            + " policy " + policy.id().hex() + "; services are covered from " + ServiceDate.format(waitingEnds));
      }
      long billed = Money.times(line.unitAmount(), line.quantity(), at + " billed amount");
      total = Money.add(total, billed, "the claim's billed total");
      if (!hashes.add(line.lineHash())) {
        throw new ContractException("duplicate_line", at + " repeats the line hash of an earlier line");
      }
      PaidLine paid = paidLine(ctx, line.lineHash());
      if (paid.insurers().contains(policy.insurer())) {
        throw new ContractException("already_paid", at + " (" + line.code() + " on " + line.dateOfService()
            + ") was already paid by " + policy.insurer());
      }
      if (paid.paid() >= billed) {
        throw new ContractException("already_paid", at + " (" + line.code() + " on " + line.dateOfService()
            + ") was already paid in full (" + paid.paid() + " of " + billed + ") by another insurer");
      }
      for (Hash record : line.evidence()) {
        Optional<String> problem = RecordsOnLedger.evidenceProblem(ctx, record, policy.insured());
        if (problem.isPresent()) {
          throw new ContractException("invalid_evidence", at + ": " + problem.get());
        }
      }
    }
    Adjudicator.Result result = adjudicate(ctx, policy, product, lines);
    Optional<String> pend = pendReason(product, lines, total);
    Claim claim = new Claim(ctx.transactionId(), policy.id(), policy.insurer(), policy.insured(), hospital,
        clinician.certificateId(), currency, lines, result.adjudication(),
        pend.isPresent() ? ClaimStatus.PENDED : ClaimStatus.ADJUDICATED, ctx.blockTimestamp(),
        pend.isPresent() ? Math.addExact(ctx.blockTimestamp(), product.assessorDeadlineHours() * MILLIS_PER_HOUR) : 0,
        pend.orElse(""), "", Hash.ZERO);
    if (pend.isEmpty()) {
      saveUsage(ctx, policy.id(), result.usage());
    }
    ctx.put(InsuranceKeys.claim(claim.id()), claim.encode());
    ctx.put(InsuranceKeys.policyClaim(policy.id(), claim.id()), new byte[] {1});
    ctx.emit("ClaimSubmitted", Args.of("claim", claim.id().hex(), "insurer", claim.insurer(), "submitter", hospital,
        "status", claim.status().wireName()));
  }

  /**
   * The clinician who bills: the caller, or, when her hospital's node signs (it hashed the lines
   * with the network's salt), the clinician it names, who must be a valid clinician certificate of
   * the node's own organisation on this block's state: a node cannot bill in another's name.
   */
  private static Caller billingClinician(ContractContext ctx) throws ContractException {
    Caller caller = ctx.caller();
    Optional<Hash> named = CLINICIAN.ifGiven(ctx);
    if (!"node".equals(caller.role())) {
      if (named.isPresent()) {
        throw new ContractException("invalid_argument", "clinician is named only by a hospital's node; a clinician"
            + " submitting herself bills in her own name");
      }
      return caller;
    }
    if (named.isEmpty()) {
      throw new ContractException("invalid_argument", "clinician is required when a node submits a claim");
    }
    Optional<MemberCertificate> member = ctx.member(named.get());
    if (member.isEmpty() || member.get().role() != Role.CLINICIAN
        || !member.get().organisation().equals(caller.organisation())) {
      throw new ContractException("forbidden", "clinician " + named.get().hex() + " is not a valid clinician of "
          + caller.organisation() + "; its node bills only for its own clinicians");
    }
    MemberCertificate m = member.get();
    return new Caller(m.id(), m.organisation(), m.role().wireName(), m.name());
  }

  void approve(ContractContext ctx) throws ContractException {
    Claim c = ownClaim(ctx, ClaimStatus.APPROVED);
    String reason = REASON.in(ctx);
    Policy policy = Policies.find(ctx, c.policy());
    long day = ServiceDate.parse(c.lines().get(0).dateOfService(), "line 1 dateOfService");
    PolicyTerm term = policy.terms().stream().filter(t -> t.contains(day)).findFirst().orElseThrow(
        () -> new ContractException("no_policy_in_force", "policy " + policy.id().hex() + " no longer has the claim's term"));
    ProductTerms product = Products.terms(ctx, policy.insurer(), policy.productCode(), term.productVersion());
    Adjudicator.Result result = adjudicate(ctx, policy, product, c.lines());
    saveUsage(ctx, policy.id(), result.usage());
    save(ctx, c.with(ClaimStatus.APPROVED, result.adjudication(), reason, Hash.ZERO));
  }

  void deny(ContractContext ctx) throws ContractException {
    Claim c = ownClaim(ctx, ClaimStatus.DENIED);
    save(ctx, c.with(ClaimStatus.DENIED, c.adjudication(), REASON.in(ctx), Hash.ZERO));
  }

  void withdraw(ContractContext ctx) throws ContractException {
    Claim c = find(ctx, CLAIM.in(ctx));
    if (!c.submitter().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "claim " + c.id().hex() + " was submitted by " + c.submitter()
          + "; a member of " + ctx.caller().organisation() + " may not withdraw it");
    }
    requireMove(c, ClaimStatus.WITHDRAWN);
    if (c.status().countsAgainstUsage()) {
      for (int i = 0; i < c.lines().size(); i++) {
        LineResult r = c.adjudication().lines().get(i);
        int year = Adjudicator.yearOf(c.lines().get(i));
        String key = InsuranceKeys.usage(c.policy(), year);
        ctx.put(key, usage(ctx, c.policy(), year).minus(r.deductible(), r.insurerPays()).encode());
      }
    }
    save(ctx, c.with(ClaimStatus.WITHDRAWN, c.adjudication(), c.decisionReason(), Hash.ZERO));
  }

  static Claim find(ContractContext ctx, Hash id) throws ContractException {
    byte[] v = ctx.get(InsuranceKeys.claim(id));
    if (v == null) {
      throw new ContractException("unknown_claim", "no claim " + id.hex() + " on the ledger");
    }
    return Claim.decode(v);
  }

  static void requireMove(Claim c, ClaimStatus target) throws ContractException {
    if (!c.status().mayBecome(target)) {
      throw new ContractException("invalid_transition", "claim " + c.id().hex() + " is " + c.status().wireName()
          + ": it cannot become " + target.wireName());
    }
  }

  static void save(ContractContext ctx, Claim c) {
    ctx.put(InsuranceKeys.claim(c.id()), c.encode());
    ctx.emit("Claim" + Character.toUpperCase(c.status().wireName().charAt(0)) + c.status().wireName().substring(1),
        Args.of("claim", c.id().hex(), "insurer", c.insurer(), "submitter", c.submitter()));
  }

  static PaidLine paidLine(ContractContext ctx, Hash lineHash) {
    byte[] v = ctx.get(InsuranceKeys.paidLine(lineHash));
    return v == null ? PaidLine.NONE : PaidLine.decode(v);
  }

  private static Claim ownClaim(ContractContext ctx, ClaimStatus target) throws ContractException {
    Claim c = find(ctx, CLAIM.in(ctx));
    InsuranceRoles.requireInsurer(ctx.caller(), c.insurer(), "claim " + c.id().hex());
    requireMove(c, target);
    return c;
  }

  /** The one term all lines fall in; refused naming the first line no term of the policy covers. */
  private static PolicyTerm termOfLines(ContractContext ctx, Policy policy, List<ClaimLine> lines) throws ContractException {
    long today = ServiceDate.dayOf(ctx.blockTimestamp());
    PolicyTerm term = null;
    for (int i = 0; i < lines.size(); i++) {
      String at = "line " + (i + 1);
      long day = ServiceDate.parse(lines.get(i).dateOfService(), at + " dateOfService");
      if (day > today) {
        throw new ContractException("future_service", at + ": date of service " + lines.get(i).dateOfService()
            + " is after the block's day " + ServiceDate.format(today));
      }
      Optional<PolicyTerm> t = policy.termOn(day);
      if (t.isEmpty()) {
        throw new ContractException("no_policy_in_force", at + ": policy " + policy.id().hex() + " is not in force on "
            + lines.get(i).dateOfService());
      }
      if (term != null && !term.equals(t.get())) {
        throw new ContractException("invalid_argument", at + " falls in another term of the policy than line 1: bill each"
            + " term in a claim of its own");
      }
      term = t.get();
    }
    return term;
  }

  private static Adjudicator.Result adjudicate(ContractContext ctx, Policy policy, ProductTerms product, List<ClaimLine> lines) {
    return Adjudicator.adjudicate(product, lines, year -> usage(ctx, policy.id(), year),
        h -> paidLine(ctx, h).paid());
  }

  /** Why the rules cannot decide the claim alone (Da Vinci PAS "pended"), or empty when they can. */
  private static Optional<String> pendReason(ProductTerms product, List<ClaimLine> lines, long total) {
    for (int i = 0; i < lines.size(); i++) {
      if (product.reviewCodes().contains(lines.get(i).code())) {
        return Optional.of("line " + (i + 1) + ": code " + lines.get(i).code() + " is marked for review");
      }
    }
    if (product.pendThreshold() > 0 && total > product.pendThreshold()) {
      return Optional.of("billed " + total + " is above the product's threshold " + product.pendThreshold());
    }
    return Optional.empty();
  }

  private static YearUsage usage(ContractContext ctx, Hash policy, int year) {
    byte[] v = ctx.get(InsuranceKeys.usage(policy, year));
    return v == null ? YearUsage.NONE : YearUsage.decode(v);
  }

  private static void saveUsage(ContractContext ctx, Hash policy, Map<Integer, YearUsage> years) {
    years.forEach((year, u) -> ctx.put(InsuranceKeys.usage(policy, year), u.encode()));
  }
}
