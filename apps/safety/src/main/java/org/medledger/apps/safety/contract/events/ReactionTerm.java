package org.medledger.apps.safety.contract.events;

import java.util.List;
import java.util.Optional;

/**
 * The reaction terms a report codes its reactions with: a small list of MedLedger's own
 * (system {@code urn:medledger:reaction-term}), because MedDRA, the terminology regulators code
 * adverse reactions in, is licensed. Free text goes beside the codes ({@code description}); a
 * reaction the list lacks is {@code other} with the text saying what it was. Codes are part of
 * consensus: a report is refused for a code not listed here, and the list only grows.
 */
public record ReactionTerm(String code, String display) {
  public static final String SYSTEM = "urn:medledger:reaction-term";

  public static final List<ReactionTerm> ALL = List.of(
      new ReactionTerm("anaphylaxis", "Anaphylaxis"),
      new ReactionTerm("angioedema", "Angioedema"),
      new ReactionTerm("arrhythmia", "Cardiac arrhythmia"),
      new ReactionTerm("bleeding", "Bleeding"),
      new ReactionTerm("device-malfunction-harm", "Harm from a device malfunction"),
      new ReactionTerm("device-site-infection", "Infection at a device or implant site"),
      new ReactionTerm("diarrhoea", "Diarrhoea"),
      new ReactionTerm("dizziness", "Dizziness"),
      new ReactionTerm("headache", "Headache"),
      new ReactionTerm("hepatic-injury", "Liver injury"),
      new ReactionTerm("injection-site-reaction", "Injection-site reaction"),
      new ReactionTerm("nausea", "Nausea"),
      new ReactionTerm("other", "Other (see the description)"),
      new ReactionTerm("rash", "Rash"),
      new ReactionTerm("renal-injury", "Kidney injury"),
      new ReactionTerm("seizure", "Seizure"),
      new ReactionTerm("syncope", "Fainting (syncope)"),
      new ReactionTerm("urticaria", "Urticaria (hives)"),
      new ReactionTerm("vomiting", "Vomiting"));

  public static Optional<ReactionTerm> find(String code) {
    return ALL.stream().filter(t -> t.code.equals(code)).findFirst();
  }

  /** The codes, for an error message. */
  public static String codes() {
    return String.join(", ", ALL.stream().map(ReactionTerm::code).toList());
  }
}
