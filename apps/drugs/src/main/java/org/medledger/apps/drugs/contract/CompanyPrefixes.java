package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * GS1 company prefixes and the organisations that own them (issue 22, finding 3: {@code
 * registerGtin} was first-come, so any maker registered another company's GTIN and commissioned
 * "genuine" serials under it). GS1 licenses a company prefix to one company, and every GTIN that
 * carries it belongs to that company (GS1 General Specifications §1.4.2, §3.3.2). On this ledger a
 * regulator records which member organisation owns a prefix and alone transfers it; a GTIN is
 * registered and commissioned only by the organisation owning the prefix it carries after its
 * indicator digit. Prefixes never overlap (one the start of another), so a GTIN has at most one
 * owner.
 */
public final class CompanyPrefixes {
  /** GS1 company prefixes run from 6 to 12 digits (§1.4.2; 6-digit ones hold 100,000 items). */
  static final int MIN_DIGITS = 6;
  static final int MAX_DIGITS = 12;

  private CompanyPrefixes() {}

  static String ownerKey(String prefix) {
    return "prefix/" + prefix;
  }

  /** History entries sort by height, then transaction, after the prefix and a 0x00. */
  static String historyKey(String prefix, long height, String transactionId) {
    return "prefixlog/" + prefix + "\u0000" + String.format("%016x", height) + "/" + transactionId;
  }

  static String parse(String value) throws ContractException {
    if (value.length() < MIN_DIGITS || value.length() > MAX_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ContractException("invalid_argument", "prefix: a GS1 company prefix is " + MIN_DIGITS + " to " + MAX_DIGITS
          + " digits, got '" + DrugText.line(value.length() > 32 ? value.substring(0, 32) + "…" : value, "prefix") + "'");
    }
    return value;
  }

  /** {@code drugs.recordPrefix}: a regulator records a prefix no organisation owns yet. */
  static void record(ContractContext ctx, Set<String> organisations) throws ContractException {
    String prefix = parse(ctx.requireArg("prefix"));
    String owner = member(ctx.requireArg("organisation"), "organisation", organisations);
    String reason = DrugText.reason(ctx.args().get("reason").orElse(""), "reason");
    if (ctx.get(ownerKey(prefix)) != null) {
      throw new ContractException("already_recorded", "company prefix " + prefix + " belongs to "
          + PrefixChange.decode(ctx.get(ownerKey(prefix))).owner() + ": a regulator transfers it (drugs.transferPrefix)");
    }
    for (int n = MIN_DIGITS; n < prefix.length(); n++) {
      byte[] shorter = ctx.get(ownerKey(prefix.substring(0, n)));
      if (shorter != null) {
        throw new ContractException("overlapping_prefix", "company prefix " + prefix + " starts with prefix " + prefix.substring(0, n)
            + " of " + PrefixChange.decode(shorter).owner() + ": the GTINs under it already have an owner");
      }
    }
    List<String> longer = new ArrayList<>();
    ctx.scan(ownerKey(prefix), (k, v) -> {
      longer.add(k.substring("prefix/".length()) + " of " + PrefixChange.decode(v).owner());
      return false;
    });
    if (!longer.isEmpty()) {
      throw new ContractException("overlapping_prefix", "company prefix " + prefix + " is the start of prefix " + longer.get(0)
          + ": the GTINs under that one already have an owner");
    }
    write(ctx, new PrefixChange(prefix, "", owner, ctx.caller().organisation(), reason, ctx.blockHeight(), ctx.blockTimestamp(),
        ctx.transactionId().hex()));
    ctx.emit("PrefixRecorded", Args.of("prefix", prefix, "organisation", owner, "by", ctx.caller().organisation()));
  }

  /** {@code drugs.transferPrefix}: a regulator moves a recorded prefix to another organisation. */
  static void transfer(ContractContext ctx, Set<String> organisations) throws ContractException {
    String prefix = parse(ctx.requireArg("prefix"));
    String to = member(ctx.requireArg("to"), "to", organisations);
    String reason = DrugText.reason(ctx.requireArg("reason"), "reason");
    byte[] current = ctx.get(ownerKey(prefix));
    if (current == null) {
      throw new ContractException("unknown_prefix", "company prefix " + prefix + " is not recorded: a regulator records it (drugs.recordPrefix)");
    }
    String from = PrefixChange.decode(current).owner();
    if (from.equals(to)) {
      throw new ContractException("invalid_argument", "to: company prefix " + prefix + " already belongs to " + to);
    }
    write(ctx, new PrefixChange(prefix, from, to, ctx.caller().organisation(), reason, ctx.blockHeight(), ctx.blockTimestamp(),
        ctx.transactionId().hex()));
    ctx.emit("PrefixTransferred", Args.of("prefix", prefix, "from", from, "to", to, "by", ctx.caller().organisation()));
  }

  private static void write(ContractContext ctx, PrefixChange change) {
    byte[] bytes = change.encode();
    ctx.put(ownerKey(change.prefix()), bytes);
    ctx.put(historyKey(change.prefix(), change.height(), change.transactionId()), bytes);
  }

  private static String member(String organisation, String field, Set<String> organisations) throws ContractException {
    if (!organisations.contains(organisation)) {
      throw new ContractException("invalid_argument", field + ": '" + DrugText.line(organisation, field)
          + "' is not a member organisation of this network");
    }
    return organisation;
  }

  /**
   * The act that made the current owner of the prefix {@code gtin} carries, if one is recorded: the
   * GTIN-14's digits after the indicator digit start with at most one recorded prefix.
   */
  /** The act that gave {@code gtin}'s company prefix its present owner; empty under no recorded prefix. */
  public static Optional<PrefixChange> owner(Function<String, byte[]> get, Gtin gtin) {
    String body = gtin.value().substring(1);
    for (int n = MIN_DIGITS; n <= MAX_DIGITS; n++) {
      byte[] v = get.apply(ownerKey(body.substring(0, n)));
      if (v != null) {
        return Optional.of(PrefixChange.decode(v));
      }
    }
    return Optional.empty();
  }

  static Optional<PrefixChange> owner(StateReader state, Gtin gtin) {
    return owner(key -> DrugKeys.read(state, key), gtin);
  }

  /** Every act on a prefix, oldest first. */
  static List<PrefixChange> history(StateReader state, String prefix) {
    List<PrefixChange> out = new ArrayList<>();
    state.scan(StateKeys.of(DrugsContract.NAME, "prefixlog/" + prefix + "\u0000"), (k, v) -> {
      out.add(PrefixChange.decode(v));
      return true;
    });
    return out;
  }
}
