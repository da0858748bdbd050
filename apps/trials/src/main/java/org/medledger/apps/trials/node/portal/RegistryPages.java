package org.medledger.apps.trials.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.medledger.apps.trials.contract.OutcomeFlag;
import org.medledger.apps.trials.contract.OverdueTrials;
import org.medledger.apps.trials.node.TrialPage;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * The public registry (issue 17, trials item 5), no sign-in: every trial with its overdue status
 * reckoned at the head block's time (never a clock), a page at a time in trial-id order, and a trial's page with every version, each
 * version's outcome diff against the baseline (the version in force at first enrolment), the
 * outcomes each version registered, and the results' flags. Each item links its state receipt
 * (public for the registry's keys) to download or verify in the browser, and each version its
 * registration document's exact bytes, which anyone can re-hash against the ledger.
 */
public final class RegistryPages {
  static final String LIST = TrialsPortal.ROOT;
  static final String TRIAL = TrialsPortal.ROOT + "/trial";

  public record TrialRow(String trialId, String sponsor, String latestVersion, String enrolments, String resultsDue,
      boolean resultsSubmitted, boolean overdue, String daysOverdue, String receipt) {}

  /** One page of the registry; {@code next} the link to the following page, empty on the last. */
  public record Registry(String asOf, long height, List<TrialRow> trials, int overdue, boolean firstPage, String next) {}

  public record OutcomeRow(String id, String kind, String timeFrame, String measureHash) {}

  /** A version; {@code protocolHash} empty when it commits no protocol, {@code protocolRevealHeight} "0" until revealed. */
  public record VersionRow(String version, String reason, String height, String documentHash, String diff, boolean baseline,
      String document, String receipt, List<OutcomeRow> outcomes, String protocolHash, String protocolRevealHeight,
      String protocol, String protocolReceipt) {
    public boolean protocolRevealed() {
      return !protocolRevealHeight.equals("0");
    }
  }

  public record FlagRow(String number, String kind, String words, String outcomeId, String detail, String receipt) {}

  public record Trial(String trialId, String sponsor, String latestVersion, String enrolments, String firstEnrolmentHeight,
      String resultsDue, boolean resultsSubmitted, boolean overdue, String baselineVersion, String baselineIs, String receipt,
      List<VersionRow> versions, List<FlagRow> flags) {}

  private final TrialsPortal portal;

  RegistryPages(TrialsPortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(LIST, PortalPages.Access.PUBLIC, this::list);
    ui.page(TRIAL, PortalPages.Access.PUBLIC, this::trial);
  }

  private PortalPage list(Context ctx, Optional<Identity> member) throws ContractException {
    SignedHeader head = portal.ledger.headSignedHeader();
    long blockTime = head.header().timestamp();
    StateReader state = portal.ledger.state();
    // A page as GET /v1/trials serves it: the same cursor, the same cap; a bad one is named.
    TrialPage.Request request = TrialPage.Request.parse(ctx.queryParam("after"), ctx.queryParam("limit"));
    int overdue = OverdueTrials.at(state, blockTime).size();
    TrialPage page = portal.view.trials(state, blockTime, request);
    List<TrialRow> rows = new ArrayList<>();
    for (Map<String, Object> t : page.trials()) {
      rows.add(new TrialRow((String) t.get("trialId"), (String) t.get("sponsor"), t.get("latestVersion").toString(),
          t.get("enrolments").toString(), (String) t.get("resultsDue"), (Boolean) t.get("resultsSubmitted"), (Boolean) t.get("overdue"),
          t.get("daysOverdue").toString(), (String) t.get("receipt")));
    }
    String next = page.next().map(n -> LIST + "?after=" + n + (ctx.queryParam("limit") == null ? "" : "&limit=" + request.limit()))
        .orElse("");
    return new PortalPage("Trial registry", portal.templates.content("trials/registry.jte", new Registry(
        OverdueTrials.dateOf(blockTime).toString(), head.header().height(), rows, overdue, request.after().isEmpty(), next)));
  }

  private PortalPage trial(Context ctx, Optional<Identity> member) throws ContractException {
    String id = trialId(ctx);
    StateReader state = portal.ledger.state();
    long blockTime = portal.ledger.headSignedHeader().header().timestamp();
    SortedMap<String, String> trial;
    try {
      trial = portal.view.trial(state, id);
    } catch (ContractException e) {
      throw refusal(e);
    }
    SortedMap<String, String> versions = portal.view.versions(state, id);
    int baseline = Integer.parseInt(versions.get("baselineVersion"));
    List<VersionRow> rows = new ArrayList<>();
    for (int v = 1; v <= Integer.parseInt(versions.get("versions")); v++) {
      String p = "version." + pad(v) + ".";
      SortedMap<String, String> one = portal.view.version(state, id, Integer.toString(v));
      List<OutcomeRow> outcomes = new ArrayList<>();
      for (int o = 1; o <= Integer.parseInt(one.get("outcomes")); o++) {
        String q = "outcome." + (o < 10 ? "0" : "") + o + ".";
        outcomes.add(new OutcomeRow(one.get(q + "id"), one.get(q + "kind"), one.get(q + "timeFrame"), one.get(q + "measureHash")));
      }
      rows.add(new VersionRow(Integer.toString(v), versions.get(p + "reason"), versions.get(p + "height"),
          versions.get(p + "documentHash"), versions.get(p + "outcomesAgainstBaseline"), v == baseline,
          "/v1/trials/" + id + "/versions/" + v + "/document", versions.get(p + "receipt"), outcomes, one.get("protocolHash"),
          one.getOrDefault("protocolRevealHeight", "0"), "/v1/trials/" + id + "/versions/" + v + "/protocol",
          one.getOrDefault("protocolReceipt", "")));
    }
    SortedMap<String, String> flags = portal.view.flags(state, id);
    List<FlagRow> flagRows = new ArrayList<>();
    for (int f = 1; f <= Integer.parseInt(flags.get("flags")); f++) {
      String p = "flag." + pad(f) + ".";
      String kind = flags.get(p + "kind");
      flagRows.add(new FlagRow(Integer.toString(f), kind, words(kind), flags.get(p + "outcomeId"), flags.get(p + "detail"),
          flags.get(p + "receipt")));
    }
    boolean overdue = TrialRegistryView.overdue(state, id, blockTime);
    return new PortalPage("Trial " + id, portal.templates.content("trials/trial.jte", new Trial(id, trial.get("sponsor"),
        trial.get("latestVersion"), trial.get("enrolments"), trial.get("firstEnrolmentHeight"), trial.get("resultsDue"),
        !trial.get("resultsHeight").equals("0"), overdue, versions.get("baselineVersion"), versions.get("baselineIs"),
        trial.get("receipt"), rows, flagRows)));
  }

  /** COMPare's categories in words; the flag's detail says which switch it was. */
  private static String words(String kind) {
    return switch (kind) {
      case OutcomeFlag.NOT_REPORTED -> "Pre-specified, not reported";
      case OutcomeFlag.ADDED -> "Reported, not pre-specified (added)";
      case OutcomeFlag.CHANGED_UNDECLARED -> "Changed without a declared amendment";
      default -> kind;
    };
  }

  static String trialId(Context ctx) {
    String v = ctx.queryParam("id");
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("say which trial: the 'id' parameter (a registered trial id) is missing");
    }
    return v.strip();
  }

  /** The contract's refusal on a page: an unknown trial is 404, a malformed id 400, each with its sentence. */
  static RuntimeException refusal(ContractException e) {
    return e.code().equals("not_found") ? new PortalRefusal(404, e.getMessage()) : new IllegalArgumentException(e.getMessage());
  }

  private static String pad(int n) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, 4 - s.length())) + s;
  }
}
