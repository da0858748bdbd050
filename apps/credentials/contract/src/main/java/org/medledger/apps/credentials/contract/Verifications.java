package org.medledger.apps.credentials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.OtherContractsState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Primary-source verifications behind credentials and their reuse under the clinician's consent
 * (issue 16 items 1 and 5, docs/credentials.md "Primary-source verification"). The licensing
 * authority that issued a credential records the hash of the FHIR {@code VerificationResult}
 * saying what it checked at each source; the clinician names the organisations that may reuse it;
 * the node keeping the document logs every read of it, served or refused; a hospital records that
 * it relied on it. Age is judged by block time against the verifying authority's policy.
 */
public final class Verifications {
  /** The maximum age of a verification when its authority set no policy: three years. */
  public static final long DEFAULT_MAX_AGE_DAYS = 1_095;
  static final long MAX_POLICY_DAYS = 3_650;
  private static final long DAY = 86_400_000L;
  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-._]{0,63}");

  static final Arg<Hash> VERIFICATION = Arg.hash("verification",
      "the 64-hex hash of the verification's FHIR VerificationResult document");
  static final Arg<Hash> DOCUMENT = Arg.hash("document", "the 64-hex hash of the FHIR VerificationResult document");
  static final Arg<List<PrimarySourceKind>> SOURCES = Arg.parsed("sources", "primary source list",
      PrimarySourceKind::parseList);
  static final Arg<String> CUSTODIAN = Arg.of("custodian", "organisation", v -> organisation("custodian", v));
  static final Arg<String> ORGANISATION_ARG = Arg.of("organisation", "organisation", v -> organisation("organisation", v));
  static final Arg<Long> UNTIL = Arg.of("until", "millis", v -> {
    try {
      long m = Long.parseLong(v);
      if (m > 0) {
        return m;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal naming the argument
    }
    throw new ContractException("invalid_argument", "until '" + v + "' must be milliseconds since 1970 (UTC), above 0");
  });
  static final Arg<Hash> READER = Arg.hash("reader", "the certificate id of the member who asked to read");
  static final Arg<Boolean> SERVED = Arg.of("outcome", "served or refused", v -> switch (v) {
    case "served" -> true;
    case "refused" -> false;
    default -> throw new ContractException("invalid_argument", "outcome must be served or refused, not '" + v + "'");
  });
  static final Arg<Long> MAX_AGE_DAYS = Arg.of("maxAgeDays", "days", v -> {
    try {
      long d = Long.parseLong(v);
      if (d >= 0 && d <= MAX_POLICY_DAYS) {
        return d;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal naming the argument
    }
    throw new ContractException("invalid_argument", "maxAgeDays '" + v + "' must be a whole number of days from 0 to "
        + MAX_POLICY_DAYS);
  });

  private final NetworkOrganisations organisations;

  Verifications(NetworkOrganisations organisations) {
    this.organisations = organisations;
  }

  /** {@code recordVerification}: the issuing authority's member records the verification behind its credential. */
  void record(ContractContext ctx) throws ContractException {
    String issuer = CredentialsContract.ISSUER.in(ctx);
    String licence = CredentialsContract.LICENCE_NUMBER.in(ctx);
    Hash document = DOCUMENT.in(ctx);
    List<PrimarySourceKind> sources = SOURCES.in(ctx);
    String custodian = CUSTODIAN.in(ctx);
    byte[] bytes = ctx.get(CredentialKeys.credential(issuer, licence));
    if (bytes == null) {
      throw new ContractException("not_found", issuer + " issued no licence " + licence);
    }
    if (!issuer.equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "licence " + licence + " was issued by " + issuer + ": only " + issuer
          + " records the verification behind it, not " + ctx.caller().organisation());
    }
    if (!organisations.includes(new OtherContractsState(ctx), custodian)) {
      // The custodian's route insists on its own organisation; a transaction signed directly could
      // name anyone, leaving a verification that no node keeps and none may log reads of.
      throw new ContractException("invalid_argument", "custodian '" + custodian + "' is not an organisation of this"
          + " network: name the member organisation whose node keeps the document");
    }
    Credential c = Credential.decode(bytes);
    if (c.status() == CredentialStatus.REVOKED) {
      throw new ContractException("invalid_transition", "licence " + licence + " is revoked: nothing stands on it to verify");
    }
    if (ctx.get(VerificationKeys.verification(document)) != null) {
      throw new ContractException("already_recorded", "verification " + document.hex() + " is already recorded");
    }
    PrimarySourceVerification v = new PrimarySourceVerification(document, issuer, licence, c.holder(),
        ctx.caller().certificateId(), sources, custodian, ctx.blockHeight(), ctx.blockTimestamp());
    ctx.put(VerificationKeys.verification(document), v.encode());
    ctx.put(VerificationKeys.ofCredential(issuer, licence, document), new byte[] {1});
    ctx.emit("VerificationRecorded", Args.of("verification", document.hex(), "issuer", issuer, "licence", licence,
        "clinician", c.holder().hex()));
  }

  /** {@code grantVerification}: the clinician lets one organisation read and reuse her verification. */
  void grant(ContractContext ctx) throws ContractException {
    PrimarySourceVerification v = hers(ctx, "grants its reuse");
    String organisation = ORGANISATION_ARG.in(ctx);
    long until = UNTIL.ifGiven(ctx).orElse(0L);
    if (until != 0 && until <= ctx.blockTimestamp()) {
      throw new ContractException("invalid_argument", "until " + until + " is not after this block's time "
          + ctx.blockTimestamp() + ": the consent would be born expired");
    }
    ctx.put(VerificationKeys.consent(v.document(), organisation),
        new VerificationConsent(organisation, until, false, ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.emit("VerificationConsentGranted", Args.of("verification", v.document().hex(), "organisation", organisation,
        "until", Long.toString(until)));
  }

  /** {@code withdrawVerificationConsent}: from this block on, the organisation reads it no more. */
  void withdraw(ContractContext ctx) throws ContractException {
    PrimarySourceVerification v = hers(ctx, "withdraws a consent to its reuse");
    String organisation = ORGANISATION_ARG.in(ctx);
    byte[] bytes = ctx.get(VerificationKeys.consent(v.document(), organisation));
    if (bytes == null || VerificationConsent.decode(bytes).withdrawn()) {
      throw new ContractException("not_found", "no consent of hers lets " + organisation + " reuse verification "
          + v.document().hex());
    }
    VerificationConsent was = VerificationConsent.decode(bytes);
    ctx.put(VerificationKeys.consent(v.document(), organisation),
        new VerificationConsent(organisation, was.until(), true, ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.emit("VerificationConsentWithdrawn", Args.of("verification", v.document().hex(), "organisation", organisation));
  }

  /**
   * {@code verificationRead}: the node keeping the document logs a read, served or refused, before
   * it answers. The ledger holds it to the same rule the node applied: a served read needs the
   * clinician herself, her licensing authority, or her consent for the reader's organisation in
   * force at this block.
   */
  void logRead(ContractContext ctx) throws ContractException {
    PrimarySourceVerification v = existing(ctx, VERIFICATION.in(ctx));
    if (!v.custodian().equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "verification " + v.document().hex() + " is kept by " + v.custodian()
          + "'s node: only it logs reads of it, not " + ctx.caller().organisation() + "'s");
    }
    Hash readerId = READER.in(ctx);
    MemberCertificate reader = ctx.member(readerId).orElseThrow(() -> new ContractException("unknown_reader",
        "reader " + readerId.hex() + " is not a valid member certificate at this block"));
    boolean served = SERVED.in(ctx);
    if (served && erasure(ctx, v.document()).isPresent()) {
      throw new ContractException("erased", "verification " + v.document().hex() + " was erased: no document is served");
    }
    if (served) {
      Optional<String> refusal = refusal(v, readerId, reader.organisation(), consent(ctx, v.document(),
          reader.organisation()), ctx.blockTimestamp());
      if (refusal.isPresent()) {
        throw new ContractException("no_consent", refusal.get());
      }
    }
    Hash id = ctx.transactionId();
    ctx.put(VerificationKeys.read(v.document(), id), new VerificationRead(id, readerId, reader.organisation(), served,
        ctx.caller().organisation(), ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.emit("VerificationRead", Args.of("verification", v.document().hex(), "reader", readerId.hex(), "outcome",
        served ? "served" : "refused"));
  }

  /** {@code reuseVerification}: a hospital records that it relied on the verification, under her consent. */
  void reuse(ContractContext ctx) throws ContractException {
    PrimarySourceVerification v = existing(ctx, VERIFICATION.in(ctx));
    String organisation = ctx.caller().organisation();
    Optional<VerificationConsent> consent = consent(ctx, v.document(), organisation);
    if (consent.isEmpty() || !consent.get().inForceAt(ctx.blockTimestamp())) {
      throw new ContractException("forbidden", "no consent of the clinician " + v.clinician().hex() + " in force lets "
          + organisation + " reuse verification " + v.document().hex());
    }
    if (erasure(ctx, v.document()).isPresent()) {
      throw new ContractException("erased", "verification " + v.document().hex() + " was erased at the request of the"
          + " clinician or her authority: it is not reused");
    }
    Credential c = Credential.decode(ctx.get(CredentialKeys.credential(
        v.issuer(), v.licence())));
    if (c.status() == CredentialStatus.REVOKED) {
      throw new ContractException("credential_revoked", "licence " + v.licence() + " of " + v.issuer()
          + " is revoked: its verification is not reused");
    }
    boolean renewalDue = v.renewalDueAt(ctx.blockTimestamp(), maxAgeMillis(ctx.get(VerificationKeys.policy(v.issuer()))));
    Hash id = ctx.transactionId();
    ctx.put(VerificationKeys.reuse(v.document(), organisation, id), new VerificationReuse(id, v.document(), v.issuer(),
        v.licence(), organisation, ctx.caller().certificateId(), renewalDue, ctx.blockHeight(), ctx.blockTimestamp())
        .encode());
    ctx.emit("VerificationReused", Args.of("verification", v.document().hex(), "organisation", organisation,
        "renewalDue", Boolean.toString(renewalDue)));
  }

  /**
   * {@code eraseVerification}: the clinician, or a member of the authority that verified her, asks
   * that the document be erased. Logged here so that the custodian's node deletes it and answers
   * reads {@code erased} from then on; the entry and its hash stay, as blocks do.
   */
  void erase(ContractContext ctx) throws ContractException {
    PrimarySourceVerification v = existing(ctx, VERIFICATION.in(ctx));
    boolean clinician = v.clinician().equals(ctx.caller().certificateId());
    boolean authority = v.issuer().equals(ctx.caller().organisation())
        && CredentialsContract.REGULATOR.equals(ctx.caller().role());
    if (!clinician && !authority) {
      throw new ContractException("forbidden", "verification " + v.document().hex() + " is erased only by the clinician "
          + v.clinician().hex() + " or " + v.issuer() + ", not " + ctx.caller().certificateId().hex() + " of "
          + ctx.caller().organisation());
    }
    Optional<VerificationErasure> was = erasure(ctx, v.document());
    if (was.isPresent()) {
      throw new ContractException("already_erased", "verification " + v.document().hex() + " was erased at height "
          + was.get().height());
    }
    ctx.put(VerificationKeys.erased(v.document()), new VerificationErasure(ctx.caller().certificateId(),
        ctx.blockHeight(), ctx.blockTimestamp()).encode());
    ctx.emit("VerificationErased", Args.of("verification", v.document().hex(), "custodian", v.custodian(), "by",
        ctx.caller().certificateId().hex()));
  }

  /**
   * {@code verificationPolicy}: a licensing authority sets how long its verifications stay fresh;
   * 0 days means every reuse is flagged for renewal, for an authority that wants each hire to
   * verify again.
   */
  void policy(ContractContext ctx) throws ContractException {
    long days = MAX_AGE_DAYS.in(ctx);
    ctx.put(VerificationKeys.policy(ctx.caller().organisation()), new CanonicalWriter(8).u64(days * DAY).toByteArray());
    ctx.emit("VerificationPolicySet", Args.of("organisation", ctx.caller().organisation(), "maxAgeDays",
        Long.toString(days)));
  }

  /**
   * Why {@code reader} of {@code organisation} may not read the verification at {@code now}; empty
   * when she may. The node's point of read and the ledger's log ask the same.
   */
  public static Optional<String> refusal(PrimarySourceVerification v, Hash reader, String organisation,
      Optional<VerificationConsent> consent, long now) {
    if (reader.equals(v.clinician()) || organisation.equals(v.issuer())) {
      return Optional.empty();
    }
    if (consent.isEmpty()) {
      return Optional.of("the clinician " + v.clinician().hex() + " has not consented to " + organisation
          + " reading verification " + v.document().hex());
    }
    if (consent.get().withdrawn()) {
      return Optional.of("the clinician withdrew her consent for " + organisation + " at height " + consent.get().height());
    }
    if (!consent.get().inForceAt(now)) {
      return Optional.of("the clinician's consent for " + organisation + " expired at " + consent.get().until());
    }
    return Optional.empty();
  }

  /** The maximum age in milliseconds a policy entry (or its absence) gives. */
  static long maxAgeMillis(byte[] policy) {
    return policy == null ? DEFAULT_MAX_AGE_DAYS * DAY : new CanonicalReader(policy).u64("verificationPolicy.maxAge");
  }

  private static PrimarySourceVerification existing(ContractContext ctx, Hash document) throws ContractException {
    byte[] bytes = ctx.get(VerificationKeys.verification(document));
    if (bytes == null) {
      throw new ContractException("not_found", "no verification " + document.hex() + " is recorded (a changed document"
          + " has another hash)");
    }
    return PrimarySourceVerification.decode(bytes);
  }

  private static PrimarySourceVerification hers(ContractContext ctx, String act) throws ContractException {
    PrimarySourceVerification v = existing(ctx, VERIFICATION.in(ctx));
    if (!v.clinician().equals(ctx.caller().certificateId())) {
      throw new ContractException("forbidden", "verification " + v.document().hex() + " stands behind the licence of "
          + v.clinician().hex() + ": only she " + act + ", not " + ctx.caller().certificateId().hex());
    }
    return v;
  }

  private static Optional<VerificationErasure> erasure(ContractContext ctx, Hash document) {
    return Optional.ofNullable(ctx.get(VerificationKeys.erased(document))).map(VerificationErasure::decode);
  }

  private static Optional<VerificationConsent> consent(ContractContext ctx, Hash document, String organisation) {
    return Optional.ofNullable(ctx.get(VerificationKeys.consent(document, organisation))).map(VerificationConsent::decode);
  }

  private static String organisation(String name, String v) throws ContractException {
    if (!ORGANISATION.matcher(v).matches()) {
      throw new ContractException("invalid_argument", name + " '" + v + "' must be an organisation name: 1-64 letters,"
          + " digits, - . _ starting with a letter or digit");
    }
    return v;
  }

  // What a node reads of committed state.

  public static Optional<PrimarySourceVerification> find(StateReader state, Hash document) {
    return Optional.ofNullable(state.get(full(VerificationKeys.verification(document))))
        .map(PrimarySourceVerification::decode);
  }

  public static Optional<VerificationConsent> consent(StateReader state, Hash document, String organisation) {
    return Optional.ofNullable(state.get(full(VerificationKeys.consent(document, organisation))))
        .map(VerificationConsent::decode);
  }

  /** Whether, and at whose request, the verification's document was erased. */
  public static Optional<VerificationErasure> erasure(StateReader state, Hash document) {
    return Optional.ofNullable(state.get(full(VerificationKeys.erased(document)))).map(VerificationErasure::decode);
  }

  public static long maxAgeMillis(StateReader state, String issuer) {
    return maxAgeMillis(state.get(full(VerificationKeys.policy(issuer))));
  }

  public static List<PrimarySourceVerification> ofCredential(StateReader state, String issuer, String licence) {
    List<PrimarySourceVerification> out = new ArrayList<>();
    String prefix = VerificationKeys.ofCredentialPrefix(issuer, licence);
    state.scan(full(prefix), (k, value) -> {
      find(state, Hash.fromHex(StateKeys.localKey(CredentialsContract.NAME, k).substring(prefix.length())))
          .ifPresent(out::add);
      return true;
    });
    return out;
  }

  public static List<VerificationConsent> consents(StateReader state, Hash document) {
    List<VerificationConsent> out = new ArrayList<>();
    state.scan(full(VerificationKeys.consentPrefix(document)), (k, value) -> out.add(VerificationConsent.decode(value)));
    return out;
  }

  public static List<VerificationRead> reads(StateReader state, Hash document) {
    List<VerificationRead> out = new ArrayList<>();
    state.scan(full(VerificationKeys.readPrefix(document)), (k, value) -> out.add(VerificationRead.decode(value)));
    out.sort(java.util.Comparator.comparingLong(VerificationRead::height).thenComparing(r -> r.id().hex()));
    return out;
  }

  public static List<VerificationReuse> reuses(StateReader state, Hash document) {
    List<VerificationReuse> out = new ArrayList<>();
    state.scan(full(VerificationKeys.reusePrefix(document)), (k, value) -> out.add(VerificationReuse.decode(value)));
    out.sort(java.util.Comparator.comparingLong(VerificationReuse::height).thenComparing(r -> r.id().hex()));
    return out;
  }

  private static byte[] full(String key) {
    return StateKeys.of(CredentialsContract.NAME, key);
  }
}
