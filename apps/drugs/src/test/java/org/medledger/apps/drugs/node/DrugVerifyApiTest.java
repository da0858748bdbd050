package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;

/** The public GS1 Digital Link check of a real node: no token, JSON or the portal's check page, rate-limited, with a receipt. */
class DrugVerifyApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String GTIN = "09506000134352";
  static String memberToken;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    TestNetwork.User admin = net.user("admin-a");
    memberToken = c.login(new ClientIdentity(net.suite, admin.certificate(), admin.keys().getPrivate()));
    c.submit(net.register(admin), true);
    // GTINs belong to the owner of their GS1 company prefix, which the regulator records (issue 22, finding 3).
    TestNetwork.User inspector = net.user("inspector");
    MedLedgerClient regulator = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    regulator.login(new ClientIdentity(net.suite, inspector.certificate(), inspector.keys().getPrivate()));
    regulator.submit(net.register(inspector), true);
    org.assertj.core.api.Assertions.assertThat(regulator.submit(net.tx(inspector, "drugs", "recordPrefix", "prefix", "9506000",
        "organisation", "hospital-a"), true).at("/outcome/success").asBoolean()).isTrue();
    c.submit(net.tx(admin, "drugs", "registerGtin", "gtin", GTIN), true);
    c.submit(net.tx(admin, "drugs", "commission", "gtin", GTIN, "lot", "L7", "expiry", "301231", "serials", "100..199"), true);
    c.submit(net.tx(admin, "drugs", "dispense", "gtin", GTIN, "serials", "150"), true);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static HttpResponse<String> scan(String path, String accept) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aConsumerScanNeedsNoTokenAndGetsTheLedgersAnswer() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode genuine = json.readTree(scan("/01/" + GTIN + "/21/120?10=L7&17=301231", "application/json").body());
    assertThat(genuine.get("outcome").asText()).isEqualTo("genuine");
    assertThat(genuine.get("trace").get(0).asText()).contains("hospital-a");
    assertThat(json.readTree(scan("/01/" + GTIN + "/21/999", "application/json").body()).get("outcome").asText()).isEqualTo("unknown_serial");
    assertThat(json.readTree(scan("/01/" + GTIN + "/21/150", "application/json").body()).get("outcome").asText()).isEqualTo("already_dispensed");
    assertThat(json.readTree(scan("/01/" + GTIN + "/10/L8/21/120", "application/json").body()).get("outcome").asText()).isEqualTo("lot_mismatch");
    // A phone's browser is sent to the portal's check page, which answers the same code.
    HttpResponse<String> browser = scan("/01/" + GTIN + "/21/120", "text/html");
    assertThat(browser.statusCode()).isEqualTo(303);
    assertThat(browser.headers().firstValue("Location")).hasValue("/ui/drugs/check?code=%2F01%2F" + GTIN + "%2F21%2F120");
    HttpResponse<String> page = scan(browser.headers().firstValue("Location").orElseThrow(), "text/html");
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("<h2 id=\"verdict-heading\">Genuine</h2>")
        .contains("href=\"/v1/receipts/state?key=drugs/pack/");
    assertThat(scan("/01/09506000134353/21/1", "application/json").statusCode()).isEqualTo(400);
    // What a pharmacy's DataMatrix scanner reads, or an EPC URN, answers the same.
    String element = java.net.URLEncoder.encode("]d201" + GTIN + "21120\u001d10L7", java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json.readTree(scan("/v1/drugs/verify?code=" + element, "application/json").body()).get("outcome").asText()).isEqualTo("genuine");
    assertThat(json.readTree(scan("/v1/drugs/verify?code=(01)" + GTIN + "(21)150", "application/json").body()).get("outcome").asText())
        .isEqualTo("already_dispensed");
    assertThat(json.readTree(scan("/v1/drugs/verify?code=urn:epc:id:sgtin:9506000.013435.120", "application/json").body())
        .get("outcome").asText()).isEqualTo("genuine");
    assertThat(scan("/v1/drugs/verify?code=(01)" + GTIN + "(99)1", "application/json").statusCode()).isEqualTo(400);
    // The receipt it names proves the pack's record offline; the consumer fetches it without a token.
    JsonNode receipt = json.readTree(scan(genuine.get("receipt").asText(), "application/json").body());
    assertThat(new org.medledger.client.ReceiptVerifier(net.genesis).verify(receipt).ok()).isTrue();
    assertThat(scan("/v1/receipts/state?key=patients/anything", "application/json").statusCode()).as("other receipts need a token")
        .isEqualTo(401);
  }

  @Test
  void theCheckPageSaysTheVerdictInWordsWithTheTraceAndTakesATypedCode() throws Exception {
    Thread.sleep(2_100); // the anonymous address's scan budget, which the rate-limit test spends, refills
    HttpResponse<String> empty = scan("/ui/drugs/check", "text/html");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'self'");
    assertThat(empty.body()).contains("Type the code from the pack").contains("<label for=\"code\">");
    HttpResponse<String> genuine = scan("/ui/drugs/check?code=(01)" + GTIN + "(21)120", "text/html");
    assertThat(genuine.body()).contains("class=\"verdict good\"").contains(">Genuine<").contains("Use it as directed")
        .contains("id=\"pack-maker\">hospital-a<").contains("id=\"pack-lot\">L7<").contains("<ol class=\"timeline\"")
        .contains("commissioned by hospital-a");
    HttpResponse<String> dispensed = scan("/ui/drugs/check?code=(01)" + GTIN + "(21)150", "text/html");
    assertThat(dispensed.body()).contains("class=\"verdict danger\"").contains(">Already dispensed<").contains("Do not take it");
    HttpResponse<String> unknown = scan("/ui/drugs/check?code=(01)" + GTIN + "(21)999", "text/html");
    assertThat(unknown.body()).contains(">Unknown code<").contains("likely counterfeit");
    String script = java.net.URLEncoder.encode("<script>alert(1)</script>", java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> bad = scan("/ui/drugs/check?code=" + script, "text/html");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("This code could not be read").contains("aria-describedby=\"code-error\"")
        .contains("value=\"&lt;script>alert(1)&lt;/script>\"").doesNotContain("<script>alert");
  }

  @Test
  void aMemberReadsWhoOwnsACompanyPrefixAndEveryRegulatorActOnIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    java.util.function.Function<String, HttpResponse<String>> get = path -> {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
            .header("Authorization", "Bearer " + memberToken).build(), HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    JsonNode byPrefix = json.readTree(get.apply("/v1/drugs/prefixes/9506000").body());
    assertThat(byPrefix.get("owner").asText()).isEqualTo("hospital-a");
    assertThat(byPrefix.at("/history/0/kind").asText()).isEqualTo("recorded");
    assertThat(byPrefix.at("/history/0/regulator").asText()).isEqualTo("regulator");
    assertThat(json.readTree(get.apply("/v1/drugs/prefixes/" + GTIN).body()).get("prefix").asText()).isEqualTo("9506000");
    assertThat(get.apply("/v1/drugs/prefixes/123456").statusCode()).isEqualTo(404);
    assertThat(scan("/v1/drugs/prefixes/9506000", "application/json").statusCode()).as("members only").isEqualTo(401);
  }

  @Test
  void scansFromOneAddressAreRateLimited() throws Exception {
    int limited = 0;
    for (int i = 0; i < 200 && limited == 0; i++) {
      if (scan("/01/" + GTIN + "/21/101", "application/json").statusCode() == 429) {
        limited++;
      }
    }
    assertThat(limited).isEqualTo(1);
    Thread.sleep(2_500); // the bucket refills for whatever runs next
  }
}
