package org.medledger.apps.trials.contract;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.HashFunction;

/**
 * A trial's registration as its sponsor submits it: the items of the WHO Trial Registration Data
 * Set this registry compares (identifier, title, sponsor, conditions, interventions, primary and
 * key secondary outcomes with measure and time frame, primary completion date, and the results
 * due date when the protocol states one), and optionally the hash of the full protocol its sponsor
 * keeps private until it reveals it ({@code trials.revealProtocol}), as one RFC 8785 canonical JSON object. Any member the
 * document does not define is refused by name, so two documents that mean the same are the same
 * bytes.
 */
public record TrialDocument(
    String trialId,
    String title,
    String sponsor,
    List<String> conditions,
    List<String> interventions,
    List<OutcomeText> outcomes,
    LocalDate primaryCompletionDate,
    Optional<LocalDate> resultsDueDate,
    Optional<org.medledger.crypto.Hash> protocolHash) {

  /** An outcome as the document states it (the ledger keeps its measure's hash, RegisteredOutcome). */
  public record OutcomeText(String id, String kind, String measure, String timeFrame) {}

  public static final Pattern TRIAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
  /** The chain's hash of the full protocol's bytes, lower-case hex: one spelling, so one document hash. */
  public static final Pattern PROTOCOL_HASH = Pattern.compile("[0-9a-f]{64}");
  public static final Pattern OUTCOME_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  static final int MAX_TEXT = 2_000;
  static final int MAX_OUTCOMES = 40;
  static final int MAX_LIST = 50;
  static final List<String> MEMBERS = List.of("conditions", "interventions", "primaryCompletionDate", "primaryOutcomes",
      "protocolHash", "resultsDueDate", "secondaryOutcomes", "sponsor", "title", "trialId");
  private static final List<String> OUTCOME_MEMBERS = List.of("id", "measure", "timeFrame");

  /** Reads a registration document, refusing one that is not canonical or misses or mistypes an item. */
  public static TrialDocument parse(String document) throws ContractException {
    SortedMap<String, Object> o = CanonicalJson.parseCanonicalObject("registration document", document);
    onlyMembers("registration document", o, MEMBERS);
    String trialId = text(o, "trialId");
    if (!TRIAL_ID.matcher(trialId).matches()) {
      throw invalid("trialId '" + trialId + "' must be 3-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    List<OutcomeText> outcomes = new ArrayList<>();
    outcomes(o, "primaryOutcomes", RegisteredOutcome.PRIMARY, true, outcomes);
    outcomes(o, "secondaryOutcomes", RegisteredOutcome.SECONDARY, false, outcomes);
    if (outcomes.size() > MAX_OUTCOMES) {
      throw invalid("a registration lists at most " + MAX_OUTCOMES + " outcomes, this one " + outcomes.size());
    }
    TreeSet<String> ids = new TreeSet<>();
    for (OutcomeText t : outcomes) {
      if (!ids.add(t.id())) {
        throw invalid("outcome id '" + t.id() + "' is used twice: each outcome needs its own id");
      }
    }
    LocalDate completion = date(o, "primaryCompletionDate");
    Optional<LocalDate> due = o.containsKey("resultsDueDate") ? Optional.of(date(o, "resultsDueDate")) : Optional.empty();
    if (due.isPresent() && due.get().isBefore(completion)) {
      throw invalid("resultsDueDate " + due.get() + " is before primaryCompletionDate " + completion);
    }
    Optional<org.medledger.crypto.Hash> protocol = Optional.empty();
    if (o.containsKey("protocolHash")) {
      String hex = text(o, "protocolHash");
      if (!PROTOCOL_HASH.matcher(hex).matches()) {
        throw invalid("protocolHash '" + hex + "' must be the chain's hash of the full protocol's bytes as 64 lower-case hex digits");
      }
      protocol = Optional.of(org.medledger.crypto.Hash.fromHex(hex));
    }
    return new TrialDocument(trialId, text(o, "title"), text(o, "sponsor"), texts(o, "conditions"), texts(o, "interventions"),
        List.copyOf(outcomes), completion, due, protocol);
  }

  /** The outcomes as the ledger keeps them, in document order (primary first). */
  public List<RegisteredOutcome> registeredOutcomes(HashFunction hash) {
    return outcomes.stream().map(t -> new RegisteredOutcome(t.id(), t.kind(),
        org.medledger.crypto.Hash.of(hash.hash(t.measure().getBytes(StandardCharsets.UTF_8))), t.timeFrame())).toList();
  }

  /** When results are due: as registered, else one year after primary completion (FDAAA 801). */
  public LocalDate resultsDue() {
    return resultsDueDate.orElse(primaryCompletionDate.plusYears(1));
  }

  private static void outcomes(SortedMap<String, Object> o, String member, String kind, boolean required, List<OutcomeText> out)
      throws ContractException {
    Object v = o.get(member);
    if (v == null) {
      if (required) {
        throw invalid("registration document has no " + member + ": at least one is required");
      }
      return;
    }
    if (!(v instanceof List<?> list) || (required && list.isEmpty())) {
      throw invalid(member + " must be a " + (required ? "non-empty " : "") + "array of {id, measure, timeFrame} objects");
    }
    for (Object item : list) {
      if (!(item instanceof SortedMap<?, ?>)) {
        throw invalid(member + " must hold {id, measure, timeFrame} objects");
      }
      @SuppressWarnings("unchecked")
      SortedMap<String, Object> outcome = (SortedMap<String, Object>) item;
      String what = member + " item";
      onlyMembers(what, outcome, OUTCOME_MEMBERS);
      String id = text(outcome, "id");
      if (!OUTCOME_ID.matcher(id).matches()) {
        throw invalid("outcome id '" + id + "' must be 1-32 letters, digits, '.', '_' or '-'");
      }
      out.add(new OutcomeText(id, kind, text(outcome, "measure"), text(outcome, "timeFrame")));
    }
  }

  static void onlyMembers(String what, SortedMap<String, Object> o, List<String> allowed) throws ContractException {
    for (String key : o.keySet()) {
      if (!allowed.contains(key)) {
        throw invalid(what + " has member '" + key + "', which this registry does not define (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  static String text(SortedMap<String, Object> o, String member) throws ContractException {
    Object v = o.get(member);
    if (!(v instanceof String s) || s.isBlank()) {
      throw invalid(member + " must be a non-empty string");
    }
    if (s.length() > MAX_TEXT) {
      throw invalid(member + " is longer than " + MAX_TEXT + " characters");
    }
    return s;
  }

  private static List<String> texts(SortedMap<String, Object> o, String member) throws ContractException {
    Object v = o.get(member);
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      throw invalid(member + " must be a non-empty array of strings");
    }
    if (list.size() > MAX_LIST) {
      throw invalid(member + " lists at most " + MAX_LIST + " items, this one " + list.size());
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw invalid(member + " must hold non-empty strings only");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private static LocalDate date(SortedMap<String, Object> o, String member) throws ContractException {
    String s = text(o, member);
    try {
      if (s.length() != 10) {
        throw new DateTimeParseException("length", s, 0);
      }
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw invalid(member + " '" + s + "' must be a date as YYYY-MM-DD");
    }
  }

  static ContractException invalid(String message) {
    return new ContractException("invalid_document", message);
  }
}
