package org.medledger.apps.credentials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialGate;
import org.medledger.apps.credentials.contract.view.CredentialKeys;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeyForm;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;

/**
 * Clinician credentials (issue 16): a licensing authority issues a clinician a credential, and
 * suspends, reinstates, revokes and renews it, each taking effect at the block that commits it.
 * A licensing authority is a member of an organisation the genesis lets hold the {@code
 * regulator} role: the runtime admits a {@code regulator} certificate only from such an
 * organisation, so the genesis alone says who licenses (a medical board joins as an organisation
 * with {@code regulator} among its roles). Only the issuing organisation changes a credential.
 *
 * <p>The ledger holds the signed credential document's hash and what it says, never the document
 * (the holder keeps it; a verifier checks its proof offline). The transaction that issues it is
 * signed by the same member whose key signs the document's proof, so the two say the same thing
 * or the node's route refuses to submit it ({@code CredentialRoutes}).
 */
public final class CredentialsContract extends DeclaredContract {
  public static final String NAME = CredentialKeys.NAMESPACE;
  public static final String REGULATOR = "regulator";
  private static final Pattern LICENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-.:_]{0,63}");
  private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ,.'()\\-]{0,63}");
  private static final int MAX_REASON = 200;

  static final Arg<String> LICENCE_NUMBER = Arg.of("licence", "licence number", CredentialsContract::licence);
  static final Arg<String> ISSUER = Arg.text("issuer");
  static final Arg<Hash> HOLDER = Arg.hash("holder", "the clinician's 64-hex certificate id");
  static final Arg<String> PROFESSION = Arg.of("profession", "profession", v -> words("profession", v));
  static final Arg<List<String>> SPECIALTIES = Arg.of("specialties", "specialty list", CredentialsContract::specialties);
  static final Arg<List<Scope>> SCOPES = Arg.parsed("scopes", "scope list", Scope::parseList);
  static final Arg<Scope> SCOPE = Arg.parsed("scope", "scope", Scope::parse);
  static final Arg<Long> VALID_FROM = Arg.of("validFrom", "millis", v -> millis("validFrom", v));
  static final Arg<Long> VALID_UNTIL = Arg.of("validUntil", "millis", v -> millis("validUntil", v));
  static final Arg<Hash> DOCUMENT = Arg.hash("document", "the 64-hex hash of the signed credential document");
  static final Arg<String> REASON = Arg.of("reason", "reason text", CredentialsContract::reason);

  private final Verifications verifications;
  private final MethodTable methods;

  /** @param organisations the network's member organisations, which a verification's custodian must be among */
  public CredentialsContract(NetworkOrganisations organisations) {
    this.verifications = new Verifications(organisations);
    this.methods = buildMethods();
  }

  private MethodTable buildMethods() {
    return MethodTable.of(NAME)
      .tx("issue", Roles.of(REGULATOR), Weight.ONE, this::issue, LICENCE_NUMBER, HOLDER, PROFESSION,
          SPECIALTIES.optional(), SCOPES, VALID_FROM, VALID_UNTIL, DOCUMENT)
      .tx("suspend", Roles.of(REGULATOR), Weight.ONE, ctx -> change(ctx, Change.SUSPEND), ISSUER, LICENCE_NUMBER, REASON)
      .tx("reinstate", Roles.of(REGULATOR), Weight.ONE, ctx -> change(ctx, Change.REINSTATE), ISSUER, LICENCE_NUMBER, REASON)
      .tx("revoke", Roles.of(REGULATOR), Weight.ONE, ctx -> change(ctx, Change.REVOKE), ISSUER, LICENCE_NUMBER, REASON)
      .tx("renew", Roles.of(REGULATOR), Weight.ONE, this::renew, ISSUER, LICENCE_NUMBER, VALID_UNTIL, DOCUMENT, REASON)
      .tx("enforce", Roles.of(REGULATOR), Weight.ONE, this::enforce, SCOPE)
      .tx("recordVerification", Roles.of(REGULATOR), Weight.ONE, verifications::record, ISSUER, LICENCE_NUMBER,
          Verifications.DOCUMENT, Verifications.SOURCES, Verifications.CUSTODIAN)
      .tx("grantVerification", Roles.of("clinician"), Weight.ONE, verifications::grant, Verifications.VERIFICATION,
          Verifications.ORGANISATION_ARG, Verifications.UNTIL.optional())
      .tx("withdrawVerificationConsent", Roles.of("clinician"), Weight.ONE, verifications::withdraw,
          Verifications.VERIFICATION, Verifications.ORGANISATION_ARG)
      .tx("verificationRead", Roles.of("node"), Weight.ONE, verifications::logRead, Verifications.VERIFICATION,
          Verifications.READER, Verifications.SERVED)
      .tx("reuseVerification", Roles.of("admin"), Weight.ONE, verifications::reuse, Verifications.VERIFICATION)
      .tx("eraseVerification", Roles.of("clinician", REGULATOR), Weight.ONE, verifications::erase,
          Verifications.VERIFICATION)
      .tx("verificationPolicy", Roles.of(REGULATOR), Weight.ONE, verifications::policy, Verifications.MAX_AGE_DAYS)
      .query("credential", this::credential, ISSUER, LICENCE_NUMBER)
      .query("holder", this::holder, HOLDER)
      .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public List<StateKeyForm> stateKeyForms() {
    List<String> forms = new ArrayList<>(List.of("credential/{issuer}/{licence}", "holder/{hash}/{...}", "enforced/{scope}"));
    forms.addAll(List.of(VerificationKeys.FORMS));
    return StateKeyForm.of(forms.toArray(String[]::new));
  }

  private void issue(ContractContext ctx) throws ContractException {
    String issuer = ctx.caller().organisation();
    String licence = LICENCE_NUMBER.in(ctx);
    Hash holder = HOLDER.in(ctx);
    String profession = PROFESSION.in(ctx);
    List<String> specialties = SPECIALTIES.ifGiven(ctx).orElse(List.of());
    List<Scope> scopes = SCOPES.in(ctx);
    long validFrom = VALID_FROM.in(ctx);
    long validUntil = VALID_UNTIL.in(ctx);
    Hash document = DOCUMENT.in(ctx);
    MemberCertificate clinician = ctx.member(holder).orElseThrow(() -> new ContractException("unknown_holder",
        "holder " + holder + " is not a registered, valid certificate at this block"));
    if (!"clinician".equals(clinician.role().wireName())) {
      throw new ContractException("invalid_argument", "holder " + holder + " is a " + clinician.role().wireName()
          + " of " + clinician.organisation() + ": only a clinician is licensed");
    }
    if (validUntil <= validFrom) {
      throw new ContractException("invalid_argument", "validUntil " + validUntil + " must be after validFrom " + validFrom);
    }
    if (validUntil <= ctx.blockTimestamp()) {
      throw new ContractException("invalid_argument", "validUntil " + validUntil + " is not after this block's time "
          + ctx.blockTimestamp() + ": the credential would be born expired");
    }
    String key = CredentialKeys.credential(issuer, licence);
    if (ctx.get(key) != null) {
      throw new ContractException("already_issued", issuer + " already issued licence " + licence);
    }
    Credential c = new Credential(issuer, licence, holder, clinician.organisation(), profession, specialties, scopes,
        validFrom, validUntil, document, ctx.caller().certificateId(), ctx.blockHeight(), CredentialStatus.ACTIVE,
        ctx.blockHeight(), ctx.blockTimestamp(), "", 0);
    ctx.put(key, c.encode());
    ctx.put(CredentialKeys.holderEntry(holder, issuer, licence), new byte[] {1});
    ctx.emit("CredentialIssued", Args.of("issuer", issuer, "licence", licence, "holder", holder.hex(),
        "document", document.hex()));
  }

  private enum Change { SUSPEND, REINSTATE, REVOKE }

  private void change(ContractContext ctx, Change change) throws ContractException {
    Credential c = ownCredential(ctx);
    String reason = REASON.in(ctx);
    CredentialStatus next = switch (change) {
      case SUSPEND -> {
        if (c.status() != CredentialStatus.ACTIVE) {
          throw new ContractException("invalid_transition", "licence " + c.licence() + " is " + c.status().wireName()
              + ": only an active credential is suspended");
        }
        yield CredentialStatus.SUSPENDED;
      }
      case REINSTATE -> {
        if (c.status() != CredentialStatus.SUSPENDED) {
          throw new ContractException("invalid_transition", "licence " + c.licence() + " is " + c.status().wireName()
              + ": only a suspended credential is reinstated");
        }
        yield CredentialStatus.ACTIVE;
      }
      case REVOKE -> {
        if (c.status() == CredentialStatus.REVOKED) {
          throw new ContractException("invalid_transition", "licence " + c.licence() + " is already revoked");
        }
        yield CredentialStatus.REVOKED;
      }
    };
    ctx.put(CredentialKeys.credential(c.issuer(), c.licence()),
        c.withStatus(next, ctx.blockHeight(), ctx.blockTimestamp(), reason).encode());
    ctx.emit("CredentialStatusChanged", Args.of("issuer", c.issuer(), "licence", c.licence(), "status", next.wireName()));
  }

  private void renew(ContractContext ctx) throws ContractException {
    Credential c = ownCredential(ctx);
    long validUntil = VALID_UNTIL.in(ctx);
    Hash document = DOCUMENT.in(ctx);
    String reason = REASON.in(ctx);
    if (c.status() == CredentialStatus.REVOKED) {
      throw new ContractException("invalid_transition", "licence " + c.licence() + " is revoked: a revoked credential is"
          + " never renewed, issue a new one");
    }
    if (validUntil <= c.validUntil()) {
      throw new ContractException("invalid_argument", "validUntil " + validUntil + " must be after the current end "
          + c.validUntil());
    }
    if (document.equals(c.document())) {
      throw new ContractException("invalid_argument", "a renewal names the new document, not the one in force");
    }
    ctx.put(CredentialKeys.credential(c.issuer(), c.licence()),
        c.renewed(document, validUntil, ctx.blockHeight(), ctx.blockTimestamp(), reason).encode());
    ctx.emit("CredentialRenewed", Args.of("issuer", c.issuer(), "licence", c.licence(), "document", document.hex()));
  }

  /**
   * Switches on, from this block and for good, the ledger's requirement of a credential with this
   * scope (issue 16 item 4). A ratchet: a network migrates by licensing its clinicians first and
   * then switching a scope on; nobody switches it off, so one authority cannot quietly lift it.
   */
  private void enforce(ContractContext ctx) throws ContractException {
    Scope scope = SCOPE.in(ctx);
    String key = CredentialKeys.enforced(scope);
    byte[] existing = ctx.get(key);
    if (existing != null) {
      throw new ContractException("already_enforced", scope.wireName() + " has needed a credential since height "
          + CredentialGate.enforcedFrom(existing));
    }
    ctx.put(key, new CanonicalWriter(8).u64(ctx.blockHeight()).toByteArray());
    ctx.emit("ScopeEnforced", Args.of("scope", scope.wireName(), "by", ctx.caller().organisation()));
  }

  /** The credential the call names, which must be the calling organisation's own. */
  private Credential ownCredential(ContractContext ctx) throws ContractException {
    String issuer = ISSUER.in(ctx);
    String licence = LICENCE_NUMBER.in(ctx);
    byte[] bytes = ctx.get(CredentialKeys.credential(issuer, licence));
    if (bytes == null) {
      throw new ContractException("not_found", issuer + " issued no licence " + licence);
    }
    if (!issuer.equals(ctx.caller().organisation())) {
      throw new ContractException("forbidden", "licence " + licence + " was issued by " + issuer + ": only " + issuer
          + " changes it, not " + ctx.caller().organisation());
    }
    return Credential.decode(bytes);
  }

  private SortedMap<String, String> credential(StateReader state, Args args) throws ContractException {
    String issuer = ISSUER.inQuery(args);
    String licence = LICENCE_NUMBER.inQuery(args);
    return find(state, issuer, licence).map(Credential::toMap)
        .orElseThrow(() -> new ContractException("not_found", issuer + " issued no licence " + licence));
  }

  private SortedMap<String, String> holder(StateReader state, Args args) throws ContractException {
    Hash holder = HOLDER.inQuery(args);
    List<String> names = new ArrayList<>();
    for (Credential c : ofHolder(state, holder)) {
      names.add(c.issuer() + "/" + c.licence() + ":" + c.status().wireName());
    }
    SortedMap<String, String> m = new TreeMap<>();
    m.put("holder", holder.hex());
    m.put("credentials", String.join(",", names));
    return m;
  }

  /** One credential as committed. */
  public static java.util.Optional<Credential> find(StateReader state, String issuer, String licence) {
    byte[] b = state.get(StateKeys.of(NAME, CredentialKeys.credential(issuer, licence)));
    return java.util.Optional.ofNullable(b).map(Credential::decode);
  }

  /** Every credential of a holder, by issuer and licence. */
  public static List<Credential> ofHolder(StateReader state, Hash holder) {
    List<Credential> out = new ArrayList<>();
    String prefix = CredentialKeys.holderPrefix(holder);
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      String[] parts = StateKeys.localKey(NAME, k).substring(prefix.length()).split("/", 2);
      find(state, parts[0], parts[1]).ifPresent(out::add);
      return true;
    });
    return out;
  }

  private static String licence(String v) throws ContractException {
    if (!LICENCE.matcher(v).matches()) {
      throw new ContractException("invalid_argument", "licence '" + v + "' must be 1-64 characters of letters, digits,"
          + " - . : _ starting with a letter or digit");
    }
    return v;
  }

  private static String words(String name, String v) throws ContractException {
    if (!WORDS.matcher(v).matches()) {
      throw new ContractException("invalid_argument", name + " '" + v + "' must be 1-64 characters of letters, digits,"
          + " spaces and , . ' ( ) - starting with a letter or digit");
    }
    return v;
  }

  private static List<String> specialties(String v) throws ContractException {
    List<String> out = new ArrayList<>();
    for (String s : v.split(";", -1)) {
      out.add(words("specialty", s.strip()));
    }
    if (out.size() > Credential.MAX_SPECIALTIES) {
      throw new ContractException("invalid_argument", "at most " + Credential.MAX_SPECIALTIES + " specialties, got "
          + out.size());
    }
    return List.copyOf(out);
  }

  private static long millis(String name, String v) throws ContractException {
    try {
      long m = Long.parseLong(v);
      if (m < 0) {
        throw new NumberFormatException();
      }
      return m;
    } catch (NumberFormatException e) {
      throw new ContractException("invalid_argument", name + " '" + v + "' must be milliseconds since 1970 (UTC)");
    }
  }

  private static String reason(String v) throws ContractException {
    if (v.isBlank() || v.length() > MAX_REASON) {
      throw new ContractException("invalid_argument", "reason must be 1-" + MAX_REASON + " characters, got "
          + v.length());
    }
    return v;
  }
}
