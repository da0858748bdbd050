package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal's in-browser verifier (receipt-verify.js, the file the portal serves) on a receipt
 * sealed by a validator the genesis does not know, reached through one proven validator-set
 * change (GovernedReceiptFixture): the page verifies it, and each tampered transition fails in the
 * page with exactly the check and reason Java's ReceiptVerifier gives for the same bytes. The
 * script is served from a plain local HTTP server beside the page's button (WebCrypto needs a
 * secure origin, which 127.0.0.1 is): no network of validators is needed for these bytes.
 *
 * <p>Transaction receipts of a sender of an organisation voted in after the genesis carry the
 * ledger's member list proven under the block that includes the transaction ({@code
 * senderMembership}): the honest one verifies in the page as in Java; a forged list, another CA
 * naming the organisation, a role the vote did not grant, a proof under a block that does not
 * include the transaction, a proof a genesis organisation's sender does not need, and no proof at
 * all each fail in the page with the check and reason Java gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptTransitionsBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Receipt</title>"
      + "<script src=\"/receipt-verify.js\" defer></script></head><body><main><h1>Receipt</h1>"
      + "<button type=\"button\" data-receipt=\"/receipt.json\" aria-controls=\"verdict\">Verify</button>"
      + "<div id=\"verdict\" role=\"status\"></div></main></body></html>";

  private final GovernedReceiptFixture fixture = new GovernedReceiptFixture();
  private final ReceiptVerifier java = new ReceiptVerifier(fixture.genesis);
  private HttpServer server;
  private PortalBrowser browser;
  private volatile String served;
  private String base;

  @BeforeAll
  void start() throws Exception {
    byte[] script;
    try (InputStream in = ReceiptTransitionsBrowserTest.class.getResourceAsStream("/org/medledger/node/ui/static/receipt-verify.js")) {
      script = in.readAllBytes();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    serve("/", "text/html", () -> PAGE.getBytes(StandardCharsets.UTF_8));
    serve("/receipt-verify.js", "text/javascript", () -> script);
    serve("/ui/genesis.json", "application/json", () -> fixture.genesisJson().getBytes(StandardCharsets.UTF_8));
    serve("/receipt.json", "application/json", () -> served.getBytes(StandardCharsets.UTF_8));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    browser = PortalBrowser.start();
  }

  private void serve(String path, String type, java.util.function.Supplier<byte[]> body) {
    server.createContext(path, exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
        return;
      }
      byte[] b = body.get();
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(200, b.length);
      exchange.getResponseBody().write(b);
      exchange.close();
    });
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aReceiptSealedByTheChangedSetVerifiesInThePageFromTheGenesisAlone() throws Exception {
    assertThat(java.verify(fixture.receipt).ok()).as(java.verify(fixture.receipt).toString()).isTrue();
    String page = verdictOf(fixture.receipt);
    assertThat(page).contains("Verified in this browser against the genesis")
        .contains("validatorTransitions: 1 validator-set change (to height 10), each sealed by the set before it")
        .contains("certificate: block 12 sealed by 4 of 5 validators (the set in force from height 10, reached from the genesis"
            + " through 1 proven validator-set change) (")
        .contains("org-1-node", "org-2-node", "org-3-node", "org-4-node", "), quorum 4");
  }

  @Test
  void aTamperedTransitionFailsInThePageWithTheReasonJavaGives() throws Exception {
    // The proven set altered (one byte of the validator list): its proof no longer leads to block 9's root.
    sameVerdict(r -> {
      ObjectNode state = transition(r).with("stateReceipt");
      String v = state.get("value").asText();
      state.put("value", v.substring(0, v.length() - 2) + (v.endsWith("00") ? "01" : "00"));
    }, "validatorTransitions", "validator-set transition 1 (to height 10): the state proof does not lead to block 9's state root");
    // Moved to another height: it is then proven under the wrong block.
    sameVerdict(r -> transition(r).put("effectiveAt", 11),
        "validatorTransitions", "validator-set transition 1 (to height 11) is proven under block 9; it must be block 10");
    // Shown absent: no set is proven.
    sameVerdict(r -> transition(r).with("stateReceipt").put("present", false).putNull("value"),
        "validatorTransitions", "validator-set transition 1 (to height 10): the state of block 9 is shown holding no set");
    // A field the proof does not say: the document check names it.
    sameVerdict(r -> transition(r).with("stateReceipt").put("present", false), "document", "field 'validatorTransitions");
    // Dropped: the receipt's block is then checked against the genesis's four, which do not hold org-4's seal.
    sameVerdict(r -> r.remove("validatorTransitions"),
        "certificate", "seal from " + fixture.validatorId(4) + ", which is not a genesis validator");
    // Listed twice: the second does not come after the first.
    sameVerdict(r -> ((ArrayNode) r.get("validatorTransitions")).add(transition(r).deepCopy()),
        "validatorTransitions", "validator-set transition 2 (to height 10) does not come after the set in force from height 10");
  }

  @Test
  void aTransitionPastTheReceiptsBlockFailsInThePageAsInJava() throws Exception {
    Verification v = java.verify(fixture.early);
    assertThat(v).isInstanceOfSatisfying(Verification.Failed.class, f -> {
      assertThat(f.check()).isEqualTo("validatorTransitions");
      assertThat(f.reason()).isEqualTo("the validator-set change to height 10 lies past the receipt's block 8:"
          + " a receipt carries only those in force by then");
    });
    Verification.Failed f = (Verification.Failed) v;
    assertThat(verdictOf(fixture.early)).contains("Verification failed: " + f.check() + ": " + f.reason());
    // The same receipt without the change holds: block 8 was sealed by the genesis's set.
    ObjectNode plain = fixture.early.deepCopy();
    plain.remove("validatorTransitions");
    assertThat(java.verify(plain).ok()).isTrue();
    assertThat(verdictOf(plain)).contains("Verified in this browser").contains("sealed by 3 of 4 genesis validators");
  }

  @Test
  void aVotedInOrganisationsSenderVerifiesInThePageByItsProvenMembership() throws Exception {
    JsonNode honest = fixture.transactionReceipt(fixture.votedInAdmin(), true);
    assertThat(java.verify(honest).ok()).as(java.verify(honest).toString()).isTrue();
    assertThat(verdictOf(honest)).contains("Verified in this browser against the genesis")
        .contains("senderMembership: org-5 was a member after block 12 (the block that includes the transaction): the ledger's"
            + " list of 6 member organisations, proven under that block's sealed state root")
        .contains("signature: signed by the sender, whose certificate org-5\u2019s CA issued for the role admin (org-5 a member by the"
            + " proven list, not the genesis)");
  }

  @Test
  void aSenderTheProvenMembershipDoesNotVouchForFailsInThePageAsInJava() throws Exception {
    JsonNode honest = fixture.transactionReceipt(fixture.votedInAdmin(), true);
    // The list swapped for one naming the impostor's CA as org-5's: it no longer leads to block 12's state root.
    JsonNode impostor = fixture.transactionReceipt(fixture.impostor(), true);
    sameVerdict(impostor, r -> ((ObjectNode) r.get("senderMembership")).put("value", fixture.forgedMemberList()),
        "signature", "senderMembership: the state proof does not lead to block 12's state root: the proof leads to state root ");
    // The honest list, and a certificate of another CA naming org-5.
    assertThat(sameVerdict(impostor, r -> { }, "signature",
        "the sender's certificate, against the member organisations the ledger held after block 12: certificate "))
        .endsWith(" is not signed by the CA of org-5");
    // org-5 is granted admin only.
    assertThat(sameVerdict(fixture.transactionReceipt(fixture.votedInClinician(), true), r -> { }, "signature",
        "the sender's certificate, against the member organisations the ledger held after block 12: certificate "))
        .endsWith(" carries the role 'clinician', which the genesis does not let org-5 hold (it may hold: admin)");
    // The proof under block 11, which did not append the transaction's leaf.
    sameVerdict(honest, r -> r.set("senderMembership", fixture.memberListUnder(11)), "senderMembership",
        "it is proven under block 11, which appended leaves 0 to -1 of the log, not the transaction's leaf 0");
    // A genesis organisation's admin needs no proof, and one given is refused.
    JsonNode genesisSender = fixture.transactionReceipt(fixture.genesisAdmin(), false);
    assertThat(java.verify(genesisSender).ok()).as(java.verify(genesisSender).toString()).isTrue();
    assertThat(verdictOf(genesisSender)).contains("Verified in this browser")
        .contains("signature: signed by the sender, whose certificate org-1\u2019s CA issued for the role admin");
    sameVerdict(fixture.transactionReceipt(fixture.genesisAdmin(), true), r -> { }, "signature",
        "senderMembership is given, but a genesis CA already vouches for the sender's certificate");
    // Without the proof the voted-in sender is no genesis CA's.
    sameVerdict(honest, r -> r.remove("senderMembership"), "signature",
        "the sender's certificate: issuer 'CN=org-5 CA,O=org-5' is not a consortium CA");
  }

  private static ObjectNode transition(ObjectNode receipt) {
    return (ObjectNode) receipt.get("validatorTransitions").get(0);
  }

  /** The tampered receipt fails in Java with {@code check} and a reason starting so, and the page says exactly that. */
  private void sameVerdict(Consumer<ObjectNode> tamper, String check, String reasonStart) throws Exception {
    sameVerdict(fixture.receipt, tamper, check, reasonStart);
  }

  /** As above on a copy of {@code receipt}; returns Java's reason. */
  private String sameVerdict(JsonNode receipt, Consumer<ObjectNode> tamper, String check, String reasonStart) throws Exception {
    ObjectNode tampered = receipt.deepCopy();
    tamper.accept(tampered);
    Verification v = java.verify(tampered);
    assertThat(v).as(v.toString()).isInstanceOfSatisfying(Verification.Failed.class, f -> {
      assertThat(f.check()).isEqualTo(check);
      assertThat(f.reason()).startsWith(reasonStart);
    });
    Verification.Failed f = (Verification.Failed) v;
    assertThat(verdictOf(tampered)).contains("Verification failed: " + f.check() + ": " + f.reason());
    return f.reason();
  }

  /** Opens the page with {@code receipt} served, presses Verify and returns the page's text once it has a verdict. */
  private String verdictOf(JsonNode receipt) throws Exception {
    served = JSON.writeValueAsString(receipt);
    browser.loadsNext(() -> browser.driver.get(base + "/"));
    WebElement button = browser.driver.findElement(By.cssSelector("button[data-receipt]"));
    button.click();
    WebElement out = browser.driver.findElement(By.id("verdict"));
    new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> out.getAttribute("data-verified") != null);
    return browser.bodyText();
  }
}
