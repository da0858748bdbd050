package org.medledger.core.drugs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;

/**
 * Drug traceability (issue 6, first part): a maker registers its GTINs and alone commissions
 * serials for them (up to 10,000 a transaction); a holder ships what it holds to a named
 * organisation, which alone may receive it; a pharmacy dispenses (final); a holder decommissions
 * (destroyed, stolen, sample, exported); the maker or a regulator recalls a lot. Ownership moves
 * only along ship → receive. Each move leaves a trace entry for verification.
 */
public final class DrugsContract implements Contract {
  public static final String NAME = "drugs";
  public static final int MAX_SERIALS_PER_TRANSACTION = 10_000;
  static final java.util.Set<String> DECOMMISSION_REASONS = java.util.Set.of("destroyed", "stolen", "sample", "exported");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void execute(ContractContext ctx) throws ContractException {
    switch (ctx.method()) {
      case "registerGtin" -> registerGtin(ctx);
      case "commission" -> commission(ctx);
      case "ship" -> move(ctx, "ship");
      case "receive" -> move(ctx, "receive");
      case "dispense" -> move(ctx, "dispense");
      case "decommission" -> move(ctx, "decommission");
      case "recall" -> recall(ctx);
      default -> throw new ContractException("unknown_method", "drugs has no method '" + ctx.method()
          + "' (expected registerGtin, commission, ship, receive, dispense, decommission or recall)");
    }
  }

  private static Gtin gtin(ContractContext ctx) throws ContractException {
    try {
      return Gtin.parse(ctx.requireArg("gtin"));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "gtin: " + e.getMessage());
    }
  }

  private void registerGtin(ContractContext ctx) throws ContractException {
    requireRole(ctx, "register a GTIN", "maker", "admin");
    Gtin g = gtin(ctx);
    byte[] owner = ctx.get(gtinKey(g));
    if (owner != null) {
      throw new ContractException("already_registered", "GTIN " + g + " belongs to " + new String(owner, StandardCharsets.UTF_8));
    }
    ctx.put(gtinKey(g), ctx.caller().organisation().getBytes(StandardCharsets.UTF_8));
    ctx.emit("GtinRegistered", Args.of("gtin", g.value(), "maker", ctx.caller().organisation()));
  }

  private void commission(ContractContext ctx) throws ContractException {
    requireRole(ctx, "commission serials", "maker", "admin");
    Gtin g = gtin(ctx);
    byte[] owner = ctx.get(gtinKey(g));
    if (owner == null || !new String(owner, StandardCharsets.UTF_8).equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "only the maker that registered GTIN " + g + " commissions serials for it");
    }
    String lot = ctx.requireArg("lot");
    String expiry = ctx.requireArg("expiry");
    List<String> serials = serials(ctx.requireArg("serials"));
    try {
      Gs1.requireCset82(lot, 20, "lot (AI 10)");
      ExpiryDate.parse(expiry, java.time.Instant.ofEpochMilli(ctx.blockTimestamp()).atZone(java.time.ZoneOffset.UTC).getYear());
      for (String s : serials) {
        new Sgtin(g, s);
      }
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
    for (String s : serials) {
      if (ctx.get(packKey(g, s)) != null) {
        throw new ContractException("already_commissioned", "serial " + s + " of GTIN " + g + " was already commissioned");
      }
      ctx.put(packKey(g, s), new PackState(lot, expiry, ctx.caller().organisation(), ctx.caller().organisation(), "",
          PackState.Status.ACTIVE, "", ctx.blockHeight(), ctx.blockTimestamp()).encode());
    }
    ctx.emit("Commissioned", Args.of("gtin", g.value(), "lot", lot, "count", Integer.toString(serials.size())));
  }

  private void move(ContractContext ctx, String step) throws ContractException {
    Gtin g = gtin(ctx);
    List<String> serials = serials(ctx.requireArg("serials"));
    String org = ctx.caller().organisation();
    String to = step.equals("ship") ? ctx.requireArg("to") : "";
    String reason = step.equals("decommission") ? ctx.requireArg("reason") : "";
    if (step.equals("decommission") && !DECOMMISSION_REASONS.contains(reason)) {
      throw new ContractException("invalid_argument", "reason must be one of " + new TreeSet<>(DECOMMISSION_REASONS));
    }
    if (step.equals("dispense")) {
      requireRole(ctx, "dispense", "pharmacy", "admin");
    }
    for (String s : serials) {
      byte[] v = ctx.get(packKey(g, s));
      if (v == null) {
        throw new ContractException("unknown_serial", "serial " + s + " of GTIN " + g + " was never commissioned");
      }
      PackState p = PackState.decode(v);
      if (p.status() != PackState.Status.ACTIVE) {
        throw new ContractException("not_active", "serial " + s + " is " + p.status().name().toLowerCase());
      }
      PackState next;
      switch (step) {
        case "ship" -> {
          requireHolder(p, org, s);
          if (to.equals(org)) {
            throw new ContractException("invalid_argument", "a holder does not ship to itself");
          }
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
      ctx.put(packKey(g, s), next.encode());
      ctx.put(traceKey(g, s, ctx.blockHeight(), ctx.transactionId().hex()),
          (step + "\n" + org + "\n" + to + "\n" + ctx.blockTimestamp()).getBytes(StandardCharsets.UTF_8));
    }
    ctx.emit(Character.toUpperCase(step.charAt(0)) + step.substring(1) + "d",
        Args.of("gtin", g.value(), "count", Integer.toString(serials.size()), "by", org));
  }

  private static void requireHolder(PackState p, String org, String serial) throws ContractException {
    if (!p.holder().equals(org) || !p.shippedTo().isEmpty()) {
      throw new ContractException("not_holder", "serial " + serial + " is not held by " + org
          + (p.shippedTo().isEmpty() ? "" : " (it is in transit)"));
    }
  }

  private void recall(ContractContext ctx) throws ContractException {
    Gtin g = gtin(ctx);
    String lot = ctx.requireArg("lot");
    String reason = ctx.requireArg("reason");
    byte[] owner = ctx.get(gtinKey(g));
    boolean maker = owner != null && new String(owner, StandardCharsets.UTF_8).equals(ctx.caller().organisation());
    if (!maker && !"regulator".equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only the maker of GTIN " + g + " or a regulator recalls a lot");
    }
    ctx.put(recallKey(g, lot), (reason + "\n" + ctx.caller().organisation() + "\n" + ctx.blockTimestamp()).getBytes(StandardCharsets.UTF_8));
    ctx.emit("Recalled", Args.of("gtin", g.value(), "lot", lot, "reason", reason));
  }

  private static void requireRole(ContractContext ctx, String action, String... roles) throws ContractException {
    for (String r : roles) {
      if (r.equals(ctx.caller().role())) {
        return;
      }
    }
    throw new ContractException("forbidden", "only a " + String.join(" or ", roles) + " may " + action);
  }

  /** A comma-separated list, or {@code first..last} for a run of decimal serials. */
  static List<String> serials(String spec) throws ContractException {
    List<String> out = new ArrayList<>();
    int dots = spec.indexOf("..");
    if (dots > 0 && !spec.contains(",")) {
      long from;
      long to;
      try {
        from = Long.parseLong(spec.substring(0, dots));
        to = Long.parseLong(spec.substring(dots + 2));
      } catch (NumberFormatException e) {
        throw new ContractException("invalid_argument", "serials: a run is first..last in decimal, got '" + spec + "'");
      }
      if (to < from || to - from >= MAX_SERIALS_PER_TRANSACTION) {
        throw new ContractException("invalid_argument", "serials: a run holds 1 to " + MAX_SERIALS_PER_TRANSACTION + " serials");
      }
      for (long s = from; s <= to; s++) {
        out.add(Long.toString(s));
      }
      return out;
    }
    for (String s : spec.split(",")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    if (out.isEmpty() || out.size() > MAX_SERIALS_PER_TRANSACTION) {
      throw new ContractException("invalid_argument", "serials: 1 to " + MAX_SERIALS_PER_TRANSACTION + " in one transaction");
    }
    if (new TreeSet<>(out).size() != out.size()) {
      throw new ContractException("invalid_argument", "serials: a serial is listed twice");
    }
    return out;
  }

  @Override
  public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    throw new ContractException("unknown_method", "drugs is read through DrugVerifier");
  }

  static String gtinKey(Gtin g) {
    return "gtin/" + g;
  }

  static String packKey(Gtin g, String serial) {
    return "pack/" + g + "/" + serial;
  }

  static String traceKey(Gtin g, String serial, long height, String txId) {
    return "trace/" + g + "/" + serial + "\u0000" + String.format("%016x", height) + "/" + txId;
  }

  static String recallKey(Gtin g, String lot) {
    return "recall/" + g + "/" + lot;
  }

  static byte[] read(StateReader state, String key) {
    return state.get(StateKeys.of(NAME, key));
  }
}
