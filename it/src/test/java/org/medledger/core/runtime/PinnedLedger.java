package org.medledger.core.runtime;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.patient.PatientLink;
import org.medledger.apps.records.contract.record.ErasureRequest;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * Every contract of the release on one genesis of four organisations, after a short story (a
 * registered certificate, an anchor, patients, a record, a consent, a drug supply chain), and the
 * crafted calls {@link ContractOutcomesPinTest} varies: one per contract method, with arguments
 * that reach deep into its checks. Keys are made at run time, so every id that depends on one is
 * replaced by a label before it is compared.
 */
final class PinnedLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "pin-test";
  static final long T0 = 1_800_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final String GTIN = "09506000134352";
  static final SecureRandom RANDOM = new SecureRandom();
  static final String CASE_1 = org.medledger.apps.drugs.contract.gs1.Sscc.withCheckDigit("09506000100000001").value();
  static final String CASE_2 = org.medledger.apps.drugs.contract.gs1.Sscc.withCheckDigit("09506000100000002").value();

  record Crafted(Caller by, String contract, String method, String[] args) {}

  record Query(String contract, String method, String[] args) {}

  record Ran(TxOutcome outcome, String message, long weight) {}

  final Map<String, String> labels = new LinkedHashMap<>();
  final Map<Hash, Caller> callers = new TreeMap<>();
  final Map<Hash, KeyPair> keysOf = new TreeMap<>();
  final Map<String, Caller> nodes = new TreeMap<>();
  final KeyPair sender = SUITE.signatures().generateKeyPair(RANDOM);
  final KeyPair patientKey = SUITE.signatures().generateKeyPair(RANDOM);
  final KeyPair selfPatientKey = SUITE.signatures().generateKeyPair(RANDOM);
  final KeyPair newPatientKey = SUITE.signatures().generateKeyPair(RANDOM);
  final PatientId patient = PatientId.of(SUITE.hash(), patientKey.getPublic().getEncoded());
  final PatientId selfPatient = PatientId.of(SUITE.hash(), selfPatientKey.getPublic().getEncoded());
  final PatientId newPatient = PatientId.of(SUITE.hash(), newPatientKey.getPublic().getEncoded());
  final Hash record = Hash.of(SUITE.hash().hash("lab result".getBytes()));
  final Hash newRecord = Hash.of(SUITE.hash().hash("x-ray".getBytes()));
  final Hash fingerprint = Hash.of(SUITE.hash().hash("discharge letter".getBytes()));
  final Caller admin = caller("admin-a", "hospital-a", "admin");
  final Caller clinician = caller("clinician-a", "hospital-a", "clinician");
  final Caller clinicianB = caller("clinician-b", "hospital-b", "clinician");
  final Caller patientUser = caller("patient-user", "hospital-a", "patient");
  final Caller regulator = caller("inspector", "health-authority", "regulator");
  final Caller insurer = caller("insurer", "hospital-b", "insurer");
  final Caller maker = caller("factory", "pharma-co", "maker");
  final Caller distributor = caller("wholesaler", "hospital-b", "distributor");
  final Caller pharmacy = caller("pharmacist", "hospital-a", "pharmacy");
  final Caller sponsor = caller("sponsor", "pharma-co", "sponsor");
  final List<String> organisations = List.of("health-authority", "hospital-a", "hospital-b", "pharma-co");
  final Map<String, CertificateAuthority> cas = new TreeMap<>();
  final Membership membership;
  final BlockExecutor executor;
  final ContractRegistry registry;
  final InMemoryState state = new InMemoryState();
  final X509Certificate registeredCertificate;
  final X509Certificate unregisteredCertificate;
  final ConsentGrant grant;
  final Hash grantId;
  long height;
  long nonce;

  PinnedLedger() {
    Date from = new Date(T0 - 30 * 24 * HOUR);
    Date to = new Date(T0 + 365 * 24 * HOUR);
    List<Organisation> orgs = new ArrayList<>();
    List<ValidatorEntry> validators = new ArrayList<>();
    for (String org : organisations) {
      CertificateAuthority ca = CertificateAuthority.create(SUITE, org, from, to, RANDOM);
      cas.put(org, ca);
      orgs.add(new Organisation(org, Pem.certificate(ca.certificate()), List.of(Role.values())));
      KeyPair k = SUITE.signatures().generateKeyPair(RANDOM);
      X509Certificate c = ca.issueNode(org + "-node", k.getPublic(), from, to);
      Hash id = CertificateId.of(SUITE.hash(), c);
      Caller node = new Caller(id, org, "node", org + "-node");
      callers.put(id, node);
      keysOf.put(id, k);
      nodes.put(org, node);
      label(id.hex(), "{cert:" + org + "-node}");
      validators.add(new ValidatorEntry(org, org + "-node", Pem.certificate(c), EncryptionKeyCertificate.issue(SUITE,
          SUITE.signatures().signer(k), CHAIN, EncryptionKeyCertificate.nodeHolder(org + "-node"),
          SUITE.generateEncryptionKeyPair(RANDOM).getPublic())));
    }
    Genesis genesis = new Genesis(CHAIN, SUITE.id(), T0 - HOUR, orgs, validators, List.of(), ChainParameters.DEFAULTS);
    membership = new Membership(genesis);
    for (Caller c : List.of(admin, clinician, clinicianB, patientUser, regulator, insurer, maker, distributor, pharmacy, sponsor)) {
      callers.put(c.certificateId(), c);
      keysOf.put(c.certificateId(), c == patientUser ? patientKey : sender);
    }
    registeredCertificate = cas.get("hospital-a").issueUser("dr-registered", Role.CLINICIAN,
        SUITE.signatures().generateKeyPair(RANDOM).getPublic(), from, to);
    unregisteredCertificate = cas.get("hospital-b").issueUser("dr-new", Role.CLINICIAN,
        SUITE.signatures().generateKeyPair(RANDOM).getPublic(), from, to);
    label(CertificateId.of(SUITE.hash(), registeredCertificate).hex(), "{cert:dr-registered}");
    label(CertificateId.of(SUITE.hash(), unregisteredCertificate).hex(), "{cert:dr-new}");
    label(patient.toString(), "{patient}");
    label(selfPatient.toString(), "{self-patient}");
    label(newPatient.toString(), "{new-patient}");
    for (KeyPair k : List.of(patientKey, selfPatientKey, newPatientKey, sender)) {
      label(Hex.encode(k.getPublic().getEncoded()), "{key}");
    }
    registry = new ContractRegistry()
        .register(new MembershipContract(membership))
        .register(new NotaryContract())
        .register(new PatientContract(SUITE, CHAIN))
        .register(new ConsentContract(SUITE, CHAIN))
        .register(new RecordContract(SUITE, CHAIN, (r, m, state, height) -> m[0] == 0x0a ? Optional.empty() : Optional.of("does not decode")))
        .register(new AuditContract(SUITE, genesis.signingChainId()))
        .register(new EvidenceContract(membership))
        .register(new org.medledger.core.refusals.RefusalLogAnchorContract())
        .register(new DrugsContract((ctx, id) -> Optional.ofNullable(callers.get(id)).orElseThrow(
            () -> new ContractException("unknown_member", "no member " + id)), new TreeSet<>(organisations)));
    executor = new BlockExecutor(registry, SUITE.hash(), new CallerResolver() {
      @Override
      public Caller resolve(Transaction tx, StateReader s) throws ContractException {
        return Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?"));
      }

      @Override
      public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
        return Optional.ofNullable(callers.get(id)).map(c -> new MemberCertificate(c.certificateId(), c.organisation(),
            Role.parse(c.role()), c.name(), keysOf.get(id).getPublic(), null));
      }
    }, ChainParameters.DEFAULTS);

    grant = new ConsentGrant(CHAIN, patient, Grantee.parse("org:hospital-b"), new TreeSet<>(Set.of("laboratory")),
        new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), T0 - HOUR, T0 + 24 * HOUR, true, "referral-1");
    grantId = grant.id(SUITE.hash());
    label(grantId.hex(), "{consent}");
    story();
  }

  private void label(String value, String name) {
    labels.putIfAbsent(value, name);
  }

  Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  /** The state every crafted call runs against. */
  private void story() {
    ok(admin, "membership", "register", "certificate", Pem.certificate(registeredCertificate));
    ok(clinician, "notary", "anchor", "hash", fingerprint.hex(), "type", "discharge letter");
    ok(clinician, "patients", "register", "publicKey", hex(patientKey.getPublic().getEncoded()),
        "signature", careSignature(patientKey, "hospital-a"));
    ok(clinicianB, "patients", "register", "publicKey", hex(selfPatientKey.getPublic().getEncoded()),
        "signature", careSignature(selfPatientKey, "hospital-b"), "custody", "self");
    ok(clinician, "records", "register", "record", record.hex(), "patient", patient.toString(), "resourceType",
        "DiagnosticReport", "category", "laboratory", "manifest", "0a0b", "patientKeyHash", "01".repeat(32),
        "custodianKeyHash", "02".repeat(32));
    String grantSignature = hex(sign(patientKey, grant.encode()));
    label(grantSignature, "{grant-signature}");
    ok(clinician, "consent", "grant", "grant", hex(grant.encode()), "signature", grantSignature);
    ok(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "pharma-co");
    ok(maker, "drugs", "registerGtin", "gtin", GTIN);
    ok(maker, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..20", "eventId", "c-1");
    ok(maker, "drugs", "ship", "gtin", GTIN, "serials", "1..5", "to", "hospital-a", "eventId", "s-1");
    ok(pharmacy, "drugs", "receive", "gtin", GTIN, "serials", "1..5");
    ok(maker, "drugs", "aggregate", "parent", CASE_1, "children", "01/" + GTIN + "/21/10,01/" + GTIN + "/21/11");
    ok(maker, "drugs", "authorizeRelay", "node", "pharma-co");
  }

  private void ok(Caller by, String contract, String method, String... args) {
    Transaction tx = tx(by, contract, method, args);
    label(tx.id(SUITE.hash()).hex(), "{story-tx-" + (height + 1) + "}");
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    TxOutcome o = r.outcomes().get(0);
    if (!o.success()) {
      throw new IllegalStateException("story step " + contract + "." + method + " failed: " + o.code() + ": " + o.message());
    }
    state.apply(r.writes());
  }

  private Transaction tx(Caller by, String contract, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, T0, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(sender));
  }

  /** Runs one call against the story's state, without keeping its writes. */
  Ran run(Caller by, String contract, String method, String[] args) {
    Transaction tx = tx(by, contract, method, args);
    ExecutionResult r = executor.execute(state, height + 1, T0, List.of(tx));
    TxOutcome o = r.outcomes().get(0);
    return new Ran(o, normalise(o.message()).replace(tx.id(SUITE.hash()).hex(), "{tx}"), executor.weight(tx));
  }

  String query(Query q) {
    Contract c = registry.find(q.contract()).orElseThrow();
    try {
      return normalise("ok " + c.query(state, q.method(), Args.of(q.args())));
    } catch (ContractException e) {
      return normalise(e.code() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return normalise("throws " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  String normalise(String s) {
    String out = s;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  List<String> contractNames() {
    return registry.all().stream().map(Contract::name).toList();
  }

  Caller defaultCaller(String contract) {
    return switch (contract) {
      case "drugs" -> maker;
      case "audit", "evidence", "refusal-anchors" -> nodes.get("hospital-a");
      default -> clinician;
    };
  }

  /** One caller of each role, in the role's declared order. */
  List<Caller> everyRole() {
    return List.of(admin, clinician, patientUser, regulator, insurer, maker, distributor, pharmacy, nodes.get("hospital-a"), sponsor);
  }

  List<Crafted> crafted() {
    Caller nodeA = nodes.get("hospital-a");
    Hash registeredId = CertificateId.of(SUITE.hash(), registeredCertificate);
    ConsentGrant second = new ConsentGrant(CHAIN, patient, Grantee.parse("org:hospital-b"), new TreeSet<>(Set.of("all")),
        new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), T0 - HOUR, T0 + 2 * HOUR, false, "referral-2");
    label(second.id(SUITE.hash()).hex(), "{consent-2}");
    byte[] linkStatement = PatientLink.statement(SUITE, CHAIN, patientKey.getPublic().getEncoded(),
        selfPatientKey.getPublic().getEncoded());
    AccessEvent event = AccessEvent.reported(record, patient, clinician.certificateId(), "hospital-a", "clinician",
        PurposeOfUse.TREAT, new AccessDecision(true, AccessDecision.Basis.CUSTODIAN, Hash.ZERO, "custodian"), T0);
    String shipEvents = DrugEvent.encodeList(List.of(
        new DrugEvent("ship", Args.of("gtin", GTIN, "serials", "6,7", "to", "hospital-b", "eventId", "cap-1")),
        new DrugEvent("decommission", Args.of("gtin", GTIN, "serials", "8", "reason", "sample"))));
    return List.of(
        new Crafted(admin, "membership", "register", new String[] {"certificate", Pem.certificate(unregisteredCertificate)}),
        new Crafted(admin, "membership", "revoke", new String[] {"certificate", registeredId.hex(), "reason", "left"}),
        new Crafted(clinician, "notary", "anchor", new String[] {"hash", Hash.of(SUITE.hash().hash("new".getBytes())).hex(),
            "type", "lab"}),
        new Crafted(clinician, "notary", "lookup", new String[] {"hash", fingerprint.hex()}),
        new Crafted(clinicianB, "patients", "register", new String[] {"publicKey", hex(patientKey.getPublic().getEncoded()),
            "signature", careSignature(patientKey, "hospital-b"), "custody", "custodial", "encryptionKeyCertificate",
            hex(EncryptionKeyCertificate.issue(SUITE, SUITE.signatures().signer(patientKey), CHAIN,
                EncryptionKeyCertificate.patientHolder(patient.toString()), SUITE.generateEncryptionKeyPair(RANDOM).getPublic())
                .encode())}),
        new Crafted(clinician, "patients", "link", new String[] {"firstKey", hex(patientKey.getPublic().getEncoded()),
            "firstSignature", hex(sign(patientKey, linkStatement)), "secondKey", hex(selfPatientKey.getPublic().getEncoded()),
            "secondSignature", hex(sign(selfPatientKey, linkStatement))}),
        new Crafted(clinician, "consent", "grant", new String[] {"grant", hex(second.encode()),
            "signature", hex(sign(patientKey, second.encode()))}),
        new Crafted(clinician, "consent", "revoke", new String[] {"consent", grantId.hex(),
            "signature", hex(sign(patientKey, ConsentRevocation.statement(CHAIN, grantId)))}),
        new Crafted(clinicianB, "consent", "delegate", new String[] {"parent", grantId.hex(), "grantee", "org:pharma-co",
            "purposes", "TREAT", "end", Long.toString(T0 + HOUR), "reference", "onward-1", "categories", "laboratory",
            "records", record.hex()}),
        new Crafted(clinician, "records", "register", new String[] {"record", newRecord.hex(), "patient", patient.toString(),
            "resourceType", "Binary", "category", "imaging", "manifest", "0a0c", "patientKeyHash", "03".repeat(32),
            "custodianKeyHash", "04".repeat(32)}),
        new Crafted(nodeA, "records", "register", new String[] {"author", clinician.certificateId().hex(), "record",
            newRecord.hex(), "patient", patient.toString(), "resourceType", "Binary", "category", "imaging", "manifest", "0a0c",
            "patientKeyHash", "03".repeat(32), "custodianKeyHash", "04".repeat(32)}),
        new Crafted(clinician, "records", "shareKey", new String[] {"record", record.hex(), "reader", "org:hospital-b",
            "wrappedKeyHash", "05".repeat(32)}),
        new Crafted(clinician, "records", "erase", new String[] {"patient", patient.toString(), "reference", "erase-1",
            "signature", hex(sign(patientKey, ErasureRequest.statement(CHAIN, patient, "hospital-a", height, "erase-1"))),
            "upToHeight", Long.toString(height)}),
        new Crafted(nodeA, "audit", "log", new String[] {"events", hex(AccessEvent.encodeBatch(List.of(event)))}),
        new Crafted(nodeA, "evidence", "submit", new String[] {"evidence", "0102"}),
        new Crafted(regulator, "drugs", "recordPrefix", new String[] {"prefix", "9506001", "organisation", "hospital-b",
            "reason", "new maker"}),
        new Crafted(regulator, "drugs", "transferPrefix", new String[] {"prefix", "9506000", "to", "hospital-b",
            "reason", "sold"}),
        new Crafted(maker, "drugs", "registerGtin", new String[] {"gtin", "09506000134369"}),
        new Crafted(maker, "drugs", "commission", new String[] {"gtin", GTIN, "lot", "L2", "expiry", "301231",
            "serials", "100..104", "eventId", "c-2"}),
        new Crafted(maker, "drugs", "aggregate", new String[] {"parent", CASE_2, "children",
            "01/" + GTIN + "/21/12,01/" + GTIN + "/21/13"}),
        new Crafted(maker, "drugs", "disaggregate", new String[] {"parent", CASE_1, "children",
            "01/" + GTIN + "/21/10"}),
        new Crafted(maker, "drugs", "ship", new String[] {"gtin", GTIN, "serials", "6,7", "to", "hospital-b",
            "eventId", "s-2"}),
        new Crafted(maker, "drugs", "ship", new String[] {"cases", CASE_1, "packs", "01/" + GTIN + "/21/9",
            "to", "hospital-a"}),
        new Crafted(pharmacy, "drugs", "receive", new String[] {"packs", "01/" + GTIN + "/21/1"}),
        new Crafted(pharmacy, "drugs", "dispense", new String[] {"gtin", GTIN, "serials", "1"}),
        new Crafted(maker, "drugs", "decommission", new String[] {"gtin", GTIN, "serials", "15..16", "reason", "destroyed"}),
        new Crafted(maker, "drugs", "declareError", new String[] {"declaredEventId", "s-1", "reason", "wrong address",
            "correctiveEventIds", "s-9", "declaredEventOrganisation", "pharma-co"}),
        new Crafted(maker, "drugs", "recall", new String[] {"gtin", GTIN, "lot", "L1", "reason", "contamination"}),
        new Crafted(nodeA, "drugs", "recordScans", new String[] {"scans", GTIN + "\t1\t0123456789abcdef\n" + GTIN
            + "\t99\t0123456789abcdef"}),
        new Crafted(regulator, "drugs", "resetScans", new String[] {"gtin", GTIN, "serial", "1", "reason", "seized clone"}),
        new Crafted(maker, "drugs", "capture", new String[] {"events", shipEvents}),
        new Crafted(nodes.get("pharma-co"), "drugs", "capture", new String[] {"member", maker.certificateId().hex(),
            "events", shipEvents}),
        new Crafted(maker, "drugs", "authorizeRelay", new String[] {"node", "hospital-b"}),
        new Crafted(maker, "drugs", "revokeRelay", new String[] {"node", "pharma-co"}),
        new Crafted(nodeA, "refusal-anchors", "anchor", new String[] {"node", nodeA.certificateId().hex(), "sequence", "3",
            "head", fingerprint.hex(), "from", "1", "to", "2"}));
  }

  List<Query> queries() {
    List<Query> out = new ArrayList<>();
    String[][] argSets = {
        {}, {"hash", fingerprint.hex()}, {"hash", fingerprint.hex(), "owner", "hospital-a"}, {"hash", fingerprint.hex(), "owner", "x"},
        {"hash", "zz"}, {"hash", "00".repeat(32)}, {"certificate", CertificateId.of(SUITE.hash(), registeredCertificate).hex()},
        {"certificate", "zz"}, {"certificate", ""}, {"patient", patient.toString()}, {"patient", "zz"}, {"patient", ""},
        {"consent", grantId.hex()}, {"consent", grantId.hex(), "time", Long.toString(T0)}, {"consent", "zz"},
        {"consent", "00".repeat(32)}, {"consent", grantId.hex(), "time", "soon"}, {"record", record.hex()}, {"record", "zz"},
        {"record", "00".repeat(32)}};
    Map<String, List<String>> methods = new TreeMap<>(Map.of(
        "membership", List.of("status", "nosuch"), "notary", List.of("lookup", "anchor", "nosuch"),
        "patients", List.of("patient", "nosuch"), "consent", List.of("consent", "nosuch"),
        "records", List.of("record", "nosuch"), "audit", List.of("log", "nosuch"), "evidence", List.of("count", "nosuch"),
        "drugs", List.of("ship", "nosuch"), "refusal-anchors", List.of("latest", "nosuch")));
    for (Map.Entry<String, List<String>> e : methods.entrySet()) {
      for (String m : e.getValue()) {
        for (String[] args : argSets) {
          out.add(new Query(e.getKey(), m, args));
        }
      }
    }
    return out;
  }

  private static String hex(byte[] b) {
    return Hex.encode(b);
  }

  private static byte[] sign(KeyPair k, byte[] message) {
    return SUITE.signatures().signer(k).sign(message);
  }

  private static String careSignature(KeyPair patient, String organisation) {
    return CareRegistration.sign(SUITE.signatures().signer(patient), CHAIN,
        PatientId.of(SUITE.hash(), patient.getPublic().getEncoded()), organisation);
  }
}
