package org.medledger.bench.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.genesis.Genesis;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkFolder;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;

/**
 * The demo's consortium for the credentials benchmarks, in this process: four validators
 * (hospital-a, hospital-b, insurer, regulator) written as {@code network init} writes them, the
 * regulator's registrar licensing dr-wang of hospital-a through {@code POST /v1/credentials}, so
 * the status snapshot a benchmark reads or checks is a real node's, sealed by real validators.
 */
public final class CredentialNetwork implements AutoCloseable {
  public static final String ISSUER = "regulator";
  public static final String LICENCE = "MB-1001";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;

  private final BenchmarkFolder dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();
  private SignedCredential credential;
  private String issuerPem;
  private ClientIdentity registrar;

  private CredentialNetwork(BenchmarkFolder dir) {
    this.dir = dir;
  }

  /** Starts the four validators and issues the credential; {@code suite} is intl or gm. */
  public static CredentialNetwork start(String suite) throws Exception {
    CredentialNetwork n = new CredentialNetwork(BenchmarkFolder.temporary("medledger-credential-bench"));
    try {
      n.issue(suite);
      return n;
    } catch (Exception | Error e) {
      n.close();
      throw e;
    }
  }

  private void issue(String suite) throws Exception {
    List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", ISSUER);
    Path net = dir.resolve("network");
    ConsortiumWriter.find().write(net, suite, "medledger-credential-bench", orgs, orgs,
        List.of(new ConsortiumWriter.User(ISSUER, "registrar", Role.REGULATOR),
            new ConsortiumWriter.User("hospital-a", "dr-wang", Role.CLINICIAN)), 0, ConsortiumWriter.firstP2pPort(44000));
    for (String org : orgs) {
      nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org + "/node/node.json")).withApiPort(0).withPlainLoopbackApi()));
    }
    Genesis g = genesis();
    CryptoSuite cs = g.cryptoSuite();
    ClientIdentity wang = ClientIdentity.load(cs, net.resolve("hospital-a/users/dr-wang"));
    MedLedgerClient asWang = client();
    asWang.login(wang);
    asWang.submit(new TransactionBuilder(wang, g.chainId(), Clock.systemUTC()).registerSelf(), true);
    registrar = ClientIdentity.load(cs, net.resolve(ISSUER + "/users/registrar"));
    MedLedgerClient asRegistrar = client();
    asRegistrar.login(registrar);
    TransactionBuilder tx = new TransactionBuilder(registrar, g.chainId(), Clock.systemUTC());
    asRegistrar.submit(tx.registerSelf(), true);

    long today = System.currentTimeMillis() / DAY * DAY;
    ClinicianCredential claims = new ClinicianCredential(g.chainId(), ISSUER, LICENCE, wang.certificateId(), "hospital-a",
        "Physician", List.of("Emergency medicine"), List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS), today - DAY,
        today + 365 * DAY);
    credential = SignedCredential.sign(claims, cs, registrar.signer(), registrar.certificateId(), System.currentTimeMillis());
    issuerPem = registrar.certificatePem();
    Map<String, String> args = new LinkedHashMap<>();
    args.put("licence", LICENCE);
    args.put("holder", claims.holder().hex());
    args.put("profession", claims.profession());
    args.put("specialties", String.join(";", claims.specialties()));
    args.put("scopes", Scope.wireNames(claims.scopes()));
    args.put("validFrom", Long.toString(claims.validFrom()));
    args.put("validUntil", Long.toString(claims.validUntil()));
    args.put("document", credential.hash(cs).hex());
    ObjectNode body = JSON.createObjectNode().put("transaction", Hex.encode(tx.build("credentials", "issue", args).encoded()));
    body.set("credential", credential.document());
    JsonNode r = asRegistrar.post("v1/credentials", body);
    if (!r.path("outcome").path("success").asBoolean()) {
      throw new IllegalStateException("the credential was not issued: " + r);
    }
  }

  public Genesis genesis() {
    return nodes.get(0).ledger().genesis();
  }

  /** A client of the first validator's API, signed in as nobody (status is public). */
  public MedLedgerClient client() {
    return new MedLedgerClient("http://127.0.0.1:" + nodes.get(0).apiPort());
  }

  /**
   * A client of the first validator signed in as the registrar: the node budgets its requests by
   * her certificate (200 a second, bursts of 1,000) rather than by the loopback address (20).
   */
  public MedLedgerClient memberClient() {
    MedLedgerClient c = client();
    c.login(registrar);
    return c;
  }

  /** The status snapshot's route. */
  public static String snapshotPath() {
    return "v1/credentials/" + ISSUER + "/" + LICENCE + "/snapshot";
  }

  /** dr-wang's presentation with a snapshot fresh from the first validator. */
  public CredentialPresentation presentation() {
    return CredentialPresentation.of(credential, issuerPem, client().get(snapshotPath()));
  }

  @Override
  public void close() {
    nodes.forEach(MedLedgerNode::close);
    dir.close();
  }
}
