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
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;

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
    return Set.of(FhirInteraction.READ);
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
