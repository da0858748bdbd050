package org.medledger.apps.trials.node.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.medledger.apps.records.contract.view.ConsentView;
import org.medledger.apps.trials.contract.Enrolment;
import org.medledger.apps.trials.contract.TrialDocument;
import org.medledger.apps.trials.contract.TrialHead;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.Requests;
import org.medledger.node.application.AccessDecisions;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;

/**
 * A participant enrolled into a trial as a FHIR R4 {@code ResearchSubject}, read by its
 * pseudonymous participant id: {@code study} the trial's {@code ResearchStudy}, {@code
 * individual} the patient (named by her research consent), {@code consent} that consent, {@code
 * period.start} the enrolment's block time, and a status the ledger decides: {@code on-study}
 * while the trial runs, {@code withdrawn} once her consent is withdrawn or ended, {@code
 * off-study} once results are in. Only the patient, the trial's sponsor and a regulator may read
 * it ({@link SubjectAccess}); every read, served or refused, is logged on the ledger first ({@link
 * SubjectReadLog}).
 */
public final class ResearchSubjects implements FhirResourceProvider {
  public static final String IDENTIFIER_SYSTEM = "urn:medledger:trials:participant";
  private static final Pattern PARTICIPANT = Pattern.compile("[0-9a-f]{64}");
  private final Supplier<StateReader> state;
  private final LongSupplier headTime;
  private final SubjectAccess access;
  private final SubjectReadLog log;
  private final AccessDecisions decisions;

  public ResearchSubjects(Supplier<StateReader> state, LongSupplier headTime, SubjectAccess access, SubjectReadLog log,
      AccessDecisions decisions) {
    this.state = state;
    this.headTime = headTime;
    this.access = access;
    this.log = log;
    this.decisions = decisions;
  }

  @Override
  public Set<FhirInteraction> interactions() {
    return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
  }

  @Override
  public java.util.List<FhirSearchParameter> searchParameters() {
    return java.util.List.of(new FhirSearchParameter("study", "reference", "ResearchStudy/{trialId} (or the trial id): the"
        + " trial's participants, to a sponsor of its organisation and a regulator (all of them) and to a patient (her own);"
        + " each one served is logged on the ledger first, as a read is"));
  }

  /**
   * {@code ResearchSubject?study=}: the same rule as a read, participant by participant. Whoever
   * may read none of a trial's participants by role (another sponsor, a clinician, an insurer) is
   * refused before any enrolment is looked at; a patient finds her own enrolments only. Each
   * participant on the page served is logged as a served read before the answer.
   */
  @Override
  public FhirMatches search(FhirRequest request) {
    String study = request.query("study");
    if (study == null || study.isBlank()) {
      throw new FhirProblem(400, "required", "ResearchSubject is searched by study: ResearchStudy/{trialId}");
    }
    String trialId = study.startsWith("ResearchStudy/") ? study.substring("ResearchStudy/".length()) : study;
    if (!TrialDocument.TRIAL_ID.matcher(trialId).matches()) {
      throw new FhirProblem(400, "invalid", "study '" + study + "' must be ResearchStudy/{trialId}, a trial id being 3-64 letters,"
          + " digits, '.', '_' or '-'");
    }
    Caller viewer = Requests.caller(request.http());
    StateReader s = state.get();
    byte[] rawHead = s.get(StateKeys.of(TrialsContract.NAME, TrialsContract.headKey(trialId)));
    if (rawHead == null) {
      return new FhirMatches(0, java.util.List.of());
    }
    TrialHead head = TrialHead.decode(rawHead);
    boolean all = "regulator".equals(viewer.role()) || "sponsor".equals(viewer.role())
        && viewer.organisation().equals(head.sponsorOrganisation());
    if (!all && !"patient".equals(viewer.role())) {
      decisions.count(AccessDecisions.Decision.REFUSED);
      // Refused by role before any participant is looked at, so on no patient's ledger audit: the node's refusal log files it.
      org.medledger.node.api.Refusals.because(request.http(), "sponsor".equals(viewer.role()) ? "another_sponsor"
          : "role_has_no_right");
      throw new FhirProblem(403, "forbidden", "the participants of trial " + trialId + " are searched by a sponsor of "
          + head.sponsorOrganisation() + ", a regulator or a patient (her own), not by " + viewer.role() + " of "
          + viewer.organisation());
    }
    long time = headTime.getAsLong();
    java.util.List<Subject> matches = new java.util.ArrayList<>();
    s.scan(StateKeys.of(TrialsContract.NAME, "enrolment/" + trialId + "/"), (k, v) -> {
      Enrolment e = Enrolment.decode(v);
      subject(s, e.participant(), time).filter(sub -> all || access.mayRead(s, viewer, head.sponsorOrganisation(),
          sub.consent().patient())).ifPresent(matches::add);
      return true;
    });
    java.util.List<Subject> page = request.page().slice(matches);
    log.logAll(page.stream().map(sub -> sub.enrolment().participant()).toList(), viewer);
    java.util.List<FhirMatches.Entry> entries = new java.util.ArrayList<>();
    for (Subject sub : page) {
      decisions.count(AccessDecisions.Decision.SERVED);
      entries.add(new FhirMatches.Entry("ResearchSubject", sub.enrolment().participant().hex(), json(resource(sub))));
    }
    return new FhirMatches(matches.size(), entries);
  }

  @Override
  public FhirAnswer read(FhirRequest request, String id) {
    if (!PARTICIPANT.matcher(id).matches()) {
      throw new FhirProblem(400, "invalid", "ResearchSubject id '" + id + "' must be a participant id, 64 lower-case hex");
    }
    Hash participant = Hash.fromHex(id);
    StateReader s = state.get();
    Subject subject = subject(s, participant, headTime.getAsLong()).orElseThrow(() -> new FhirProblem(404, "not-found",
        "no ResearchSubject/" + id + ": nobody is enrolled under that participant id"));
    Caller viewer = Requests.caller(request.http());
    boolean served = access.mayRead(s, viewer, subject.head().sponsorOrganisation(), subject.consent().patient());
    String audit = log.log(participant, viewer, served);
    decisions.count(served ? AccessDecisions.Decision.SERVED : AccessDecisions.Decision.REFUSED);
    if (!served) {
      throw new FhirProblem(403, "forbidden", "ResearchSubject/" + id + " is read by the patient, a sponsor of trial "
          + subject.enrolment().trialId() + "'s organisation or a regulator, not by " + viewer.role() + " of " + viewer.organisation()
          + " (the refusal is logged in transaction " + audit + ")");
    }
    return new FhirAnswer.Resource(json(resource(subject)));
  }

  /** What the ledger holds of one participant: the enrolment, its trial's head, her consent at {@code time}. */
  public record Subject(Enrolment enrolment, TrialHead head, ConsentView.ConsentFacts consent) {}

  public static Optional<Subject> subject(StateReader s, Hash participant, long time) {
    return TrialsContract.enrolment(s, participant).flatMap(e -> {
      byte[] head = s.get(StateKeys.of(TrialsContract.NAME, TrialsContract.headKey(e.trialId())));
      return ConsentView.consent(s, e.consent(), time).map(c -> new Subject(e, TrialHead.decode(head), c));
    });
  }

  public static ResearchSubject resource(Subject subject) {
    Enrolment e = subject.enrolment();
    ResearchSubject r = new ResearchSubject();
    r.setId(e.participant().hex());
    r.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(e.participant().hex());
    r.setStatus(subject.head().resultsHeight() != 0 ? ResearchSubject.ResearchSubjectStatus.OFFSTUDY
        : !subject.consent().inForce() ? ResearchSubject.ResearchSubjectStatus.WITHDRAWN : ResearchSubject.ResearchSubjectStatus.ONSTUDY);
    r.setStudy(new Reference("ResearchStudy/" + e.trialId()));
    r.setIndividual(new Reference("Patient/" + subject.consent().patient().hex()));
    r.setConsent(new Reference("Consent/" + e.consent().hex()));
    r.setPeriod(new Period().setStartElement(new DateTimeType(new Date(e.timestamp()), ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI,
        java.util.TimeZone.getTimeZone("UTC"))));
    return r;
  }

  public static byte[] json(ResearchSubject subject) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(subject).getBytes(StandardCharsets.UTF_8);
  }
}
