package org.medledger.apps.safety.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.Organisation;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import org.medledger.node.api.OpenApiCoverageTest;
import picocli.CommandLine;

/**
 * The device registry on a real node (records' test network plus a maker organisation,
 * {@code med-maker}, in its genesis): through {@code medledger device}, the maker registers a home
 * monitor with its own key, patient-1 signs her consent, dr-wang (hospital-a, caring for her)
 * assigns it; the FHIR {@code Device} and the unit's REST view name her for dr-wang and hide her
 * from the maker; the cheats: the maker assigning, dr-li of hospital-b ending hospital-a's assignment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceNetworkTest {
  static final String UDI = "(01)05012345678900(17)290515(10)LOT7(21)BP0001";
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static TestNetwork.User maker;
  static PatientId patient;
  static String assignTx;
  static long assignHeight;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    // A maker organisation beside the two hospitals and the regulator: its own CA, the maker role granted by the genesis.
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 86_400_000L);
    SecureRandom random = new SecureRandom();
    CertificateAuthority makerCa = CertificateAuthority.create(net.suite, "med-maker", from, to, random);
    KeyPair k = net.suite.signatures().generateKeyPair(random);
    var cert = makerCa.issueUser("factory", Role.MAKER, k.getPublic(), from, to);
    maker = new TestNetwork.User("factory", "med-maker", Role.MAKER, cert, k, CertificateId.of(net.suite.hash(), cert),
        net.suite.signatures().signer(k));
    Genesis g = net.genesis;
    List<Organisation> orgs = new ArrayList<>(g.organisations());
    orgs.add(new Organisation("med-maker", Pem.certificate(makerCa.certificate()), List.of(Role.ADMIN, Role.MAKER)));
    Files.writeString(net.config.genesis(), GenesisJson.write(new Genesis(g.chainId(), g.suite(), g.timestamp(), orgs, g.validators(),
        g.revokedCertificates(), g.parameters(), g.applications(), g.registeredCertificates(), g.governance(), g.protocolVersion())));
    node = MedLedgerNode.start(net.config);
    MedLedgerClient wang = net.login(node, "dr-wang");
    for (TestNetwork.User u : List.of(net.user("dr-wang"), net.user("dr-li"), net.user("patient-1"), maker)) {
      ok(wang.submit(net.register(u), true));
    }
    TestNetwork.User p = net.user("patient-1");
    byte[] key = p.keys().getPublic().getEncoded();
    patient = PatientId.of(net.suite.hash(), key);
    ok(wang.submit(net.tx(net.user("dr-wang"), "patients", "register", "publicKey", Hex.encode(key), "custody", "self",
        "signature", CareRegistration.sign(p.signer(), net.genesis.chainId(), patient, "hospital-a"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")), true));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static void ok(JsonNode committed) {
    assertThat(committed.path("outcome").path("success").asBoolean()).as(committed.toString()).isTrue();
  }

  static Path identity(TestNetwork.User u) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("identities").resolve(u.name()));
    Files.writeString(folder.resolve("cert.pem"), u.pem());
    Files.writeString(folder.resolve("key.pem"), Pem.privateKey(u.keys().getPrivate()));
    return folder;
  }

  /** Runs {@code medledger device ...} in this JVM against the node as {@code who}; exit code, stdout, stderr. */
  static String[] device(TestNetwork.User who, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] all = Stream.concat(Arrays.stream(args), Stream.of("--api", "http://127.0.0.1:" + node.apiPort(), "--identity",
          identity(who).toString())).toArray(String[]::new);
      int code = new CommandLine(new DeviceCommand()).execute(all);
      return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  static MedLedgerClient as(TestNetwork.User u) {
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    c.login(new ClientIdentity(net.suite, u.certificate(), u.keys().getPrivate()));
    return c;
  }

  static String udiQuery() {
    return URLEncoder.encode(UDI, StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void theMakerRegistersTheCliniciansAssignWithHerSignatureAndTheCheatsAreRefused() throws Exception {
    String[] model = device(maker, "model", "05012345678900", "--name", "BP-2 home monitor", "--class", "IIa", "--kind",
        "home-monitor");
    assertThat(model[0]).as(model[1] + model[2]).isEqualTo("0");
    KeyPair deviceKey = net.suite.signatures().generateKeyPair(new SecureRandom());
    Path keyFile = dir.resolve("device-key.pem");
    Files.writeString(keyFile, Pem.publicKey(deviceKey.getPublic()));
    String[] unit = device(maker, "unit", UDI, "--device-key", keyFile.toString());
    assertThat(unit[0]).as(unit[1] + unit[2]).isEqualTo("0");
    String[] malformed = device(maker, "unit", "(01)05012345678901(21)X");
    assertThat(malformed[1]).contains("refused: invalid_udi").containsIgnoringCase("check digit");

    String[] consent = device(net.user("patient-1"), "consent", UDI, "--hospital", "hospital-a");
    assertThat(consent[0]).as(consent[1] + consent[2]).isEqualTo("0");
    assertThat(consent[1]).contains("patient " + patient);
    String signature = consent[1].lines().filter(l -> l.startsWith("consent ")).findFirst().orElseThrow().substring("consent ".length());

    String[] byMaker = device(maker, "assign", UDI, patient.toString(), "--consent", signature);
    assertThat(byMaker[1]).contains("refused: forbidden");
    String[] assign = device(net.user("dr-wang"), "assign", UDI, patient.toString(), "--consent", signature);
    assertThat(assign[0]).as(assign[1] + assign[2]).isEqualTo("0");
    java.util.regex.Matcher committed = java.util.regex.Pattern.compile("transaction ([0-9a-f]{64}) committed at height (\\d+)")
        .matcher(assign[1]);
    assertThat(committed.find()).as(assign[1]).isTrue();
    assignTx = committed.group(1);
    assignHeight = Long.parseLong(committed.group(2));
    String[] again = device(net.user("dr-wang"), "assign", UDI, patient.toString(), "--consent", signature);
    assertThat(again[1]).contains("refused: already_assigned");
    String[] otherHospital = device(net.user("dr-li"), "unassign", UDI, "--reason", "returned");
    assertThat(otherHospital[1]).contains("refused: forbidden").contains("hospital-a");

    String[] show = device(net.user("dr-wang"), "show", UDI);
    assertThat(show[1]).contains("BP-2 home monitor").contains("lot LOT7").contains("signs with its own key")
        .contains("to patient " + patient).contains("in force");
    String[] shownToMaker = device(maker, "show", UDI);
    assertThat(shownToMaker[1]).contains("assignment 1 by hospital-a").doesNotContain(patient.toString());
  }

  @Test
  @Order(2)
  void theFhirDeviceIsValidAndNamesThePatientOnlyToWhomMaySeeHer() throws Exception {
    JsonNode forWang = as(net.user("dr-wang")).get("fhir/Device?udi-carrier=" + udiQuery());
    assertThat(forWang.get("total").asInt()).isEqualTo(1);
    JsonNode device = forWang.get("entry").get(0).get("resource");
    FhirConformance.assertValid(device.toString());
    assertThat(device.get("udiCarrier").get(0).get("deviceIdentifier").asText()).isEqualTo("05012345678900");
    assertThat(device.get("udiCarrier").get(0).get("carrierHRF").asText()).isEqualTo(UDI);
    assertThat(device.get("lotNumber").asText()).isEqualTo("LOT7");
    assertThat(device.get("serialNumber").asText()).isEqualTo("BP0001");
    assertThat(device.get("expirationDate").asText()).isEqualTo("2029-05-15");
    assertThat(device.get("patient").get("reference").asText()).isEqualTo("Patient/" + patient);

    JsonNode read = as(maker).get("fhir/Device/" + device.get("id").asText());
    FhirConformance.assertValid(read.toString());
    assertThat(read.get("serialNumber").asText()).isEqualTo("BP0001");
    assertThat(read.has("patient")).as(read.toString()).isFalse();
    assertThat(as(maker).get("fhir/Device?patient=Patient/" + patient).get("total").asInt()).isZero();
    assertThat(as(net.user("patient-1")).get("fhir/Device?patient=Patient/" + patient).get("total").asInt()).isEqualTo(1);
    assertThatThrownBy(() -> as(maker).get("fhir/Device/05012345678900-NOPE"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

    // The unit's REST view, and the assignment's transaction, hide her from the maker too.
    JsonNode unitForMaker = as(maker).get("v1/devices/units?udi=" + udiQuery());
    assertThat(unitForMaker.get("assignments").get(0).has("patient")).isFalse();
    assertThat(as(net.user("dr-wang")).get("v1/devices/units?udi=" + udiQuery()).get("assignments").get(0).get("patient").asText())
        .isEqualTo(patient.toString());
    assertThatThrownBy(() -> as(maker).get("v1/devices/units?udi=" + URLEncoder.encode("(01)05012345678900(10)LOT7",
        StandardCharsets.UTF_8))).isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.getMessage()).contains("no serial");
        });
  }

  @Test
  @Order(3)
  void thePlatformsRoutesHideTheAssignmentFromWhomMayNotSeeHer() {
    String patientKey = "devices/patient/" + patient + "/05012345678900/BP0001";
    assertThat(as(net.user("dr-wang")).transaction(assignTx).toString()).contains(patient.toString());
    assertThatThrownBy(() -> as(maker).transaction(assignTx))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(as(net.user("patient-1")).stateReceipt(patientKey, assignHeight)).isNotNull();
    assertThatThrownBy(() -> as(maker).stateReceipt(patientKey, assignHeight))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> as(net.user("dr-li")).stateReceipt(patientKey, assignHeight))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    // A model names no patient: its receipt is anyone's.
    assertThat(as(maker).stateReceipt("devices/model/05012345678900", assignHeight)).isNotNull();
  }

  @Test
  @Order(4)
  void everyDeviceRouteIsDescribedAndDeviceIsInTheCapabilityStatement() throws Exception {
    assertThat(node.apiRoutes()).contains("GET /v1/devices/units", "GET /v1/devices/models/{di}");
    // A unit is implanted in or assigned to a patient: its route serves health data, a model's (a catalogue entry) does not,
    // so a refused request to the unit's (here one without a token) is filed in the node's refusal log and the model's is not.
    assertThat(node.healthDataRoutes()).contains("GET /v1/devices/units").doesNotContain("GET /v1/devices/models/{di}");
    MedLedgerClient anonymous = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    for (String path : List.of("v1/devices/units?udi=" + udiQuery(), "v1/devices/models/05012345678900")) {
      assertThatThrownBy(() -> anonymous.get(path))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).as(path).isEqualTo(401));
    }
    assertThat(node.refusalLog().page(0, 1000, "/v1/devices/").entries())
        .extracting(e -> e.refusal().path(), e -> e.refusal().reason())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/v1/devices/units?udi=" + udiQuery(), "no_token"));
    assertThat(OpenApiCoverageTest.undescribedRoutes(node)).isEmpty();
    assertThat(as(maker).get("fhir/metadata").toString()).contains("\"Device\"");
    assertThat(as(maker).get("v1/devices/models/05012345678900").get("kind").asText()).isEqualTo("home-monitor");
  }

  @Test
  @Order(5)
  void anExplantEndsTheAssignmentAndItsTransactionIsHiddenLikeTheAssignment() throws Exception {
    String[] explant = device(net.user("dr-wang"), "unassign", UDI, "--reason", "returned at the end of the study");
    assertThat(explant[0]).as(explant[1] + explant[2]).isEqualTo("0");
    java.util.regex.Matcher committed = java.util.regex.Pattern.compile("transaction ([0-9a-f]{64})").matcher(explant[1]);
    assertThat(committed.find()).isTrue();
    String tx = committed.group(1);
    assertThat(as(net.user("patient-1")).transaction(tx)).isNotNull();
    assertThatThrownBy(() -> as(maker).transaction(tx))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(as(net.user("patient-1")).get("fhir/Device?patient=Patient/" + patient).get("total").asInt()).isZero();
    String[] show = device(net.user("dr-wang"), "show", UDI);
    assertThat(show[1]).contains("ended at height").contains("returned at the end of the study");
  }
}
