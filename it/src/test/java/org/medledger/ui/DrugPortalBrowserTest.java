package org.medledger.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.PackState;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The pharmacy's and the regulator's drug pages in a real browser (Debian's headless chromium)
 * against four validators, through org-1's node: org-0 makes a lot and ships two packs to org-1's
 * pharmacy, whose pharmacist receives one by typing its code and dispenses it from her stock list,
 * recorded for her by the node she authorised; org-2's pharmacist tries to dispense org-1's other
 * pack and is refused next to the field, with nothing committed; the regulator sees the recalled
 * lot's holders; the pharmacist opening the recalls page is refused. Each page passes axe-core,
 * the keyboard walk and 320 px without horizontal scroll, and is screenshotted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrugPortalBrowserTest {
  static final String GTIN = "09506000134352";
  @TempDir static Path dir;
  RunningValidators validators;
  BftTestNetwork net;
  PortalBrowser browser;
  PortalSession portal;
  String base;
  BftTestNetwork.Member pharmacist;
  BftTestNetwork.Member otherPharmacist;
  BftTestNetwork.Member inspector;

  @BeforeAll
  void start() throws Exception {
    net = new BftTestNetwork(dir, "intl", 4);
    net.configs.replaceAll(c -> c.withPortalTokenSignIn(true));
    validators = RunningValidators.start(net);
    BftTestNetwork.Member maker = net.member(0, "factory-fu", Role.MAKER);
    pharmacist = net.member(1, "pharmacist-pia", Role.PHARMACY);
    otherPharmacist = net.member(2, "pharmacist-olu", Role.PHARMACY);
    inspector = net.member(3, "inspector-ines", Role.REGULATOR);
    for (BftTestNetwork.Member m : new BftTestNetwork.Member[] {maker, pharmacist, otherPharmacist, inspector}) {
      validators.commit(net.register(m));
    }
    validators.commit(net.tx(inspector, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    validators.commit(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
    validators.commit(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "L9", "expiry", "301231", "serials", "S1,S2,S3"));
    validators.commit(net.tx(maker, "drugs", "ship", "gtin", GTIN, "serials", "S1,S2", "to", "org-1"));
    // Each pharmacist, once, with her own key: org-1's node may record her events.
    validators.commit(net.tx(pharmacist, "drugs", "authorizeRelay", "node", "org-1"));
    validators.commit(net.tx(otherPharmacist, "drugs", "authorizeRelay", "node", "org-1"));
    base = "http://127.0.0.1:" + validators.node(1).apiPort();
    browser = PortalBrowser.start();
    portal = new PortalSession(browser, base, net.suite, dir, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (validators != null) {
      validators.close();
    }
  }

  PackState pack(int node, String serial) {
    return DrugQueries.pack(validators.node(node).ledger().state(), new Gtin(GTIN), serial).orElseThrow();
  }

  @Test
  @Order(1)
  void thePharmacistReceivesByTypingTheCodeAndDispensesFromHerStock() throws Exception {
    portal.signInAs(pharmacist);
    browser.clickToLoad(By.linkText("Pharmacy"));
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/drugs/pharmacy"));
    assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Pharmacy: org-1");
    assertThat(browser.driver.findElements(By.cssSelector("tr.arriving-row"))).hasSize(2);
    assertThat(browser.driver.findElement(By.id("arriving")).getText()).contains("Pack " + GTIN + " serial S1").contains("L9")
        .contains("from org-0");
    assertThat(browser.driver.findElement(By.id("nothing-held")).getText()).contains("org-1 holds no packs");
    portal.checkPage("pharmacy");

    browser.driver.findElement(By.id("receive-code")).sendKeys("(01)" + GTIN + "(21)S1", Keys.ENTER);
    portal.waiting().until(d -> !d.findElements(By.id("pharmacy-notice")).isEmpty());
    assertThat(browser.driver.findElement(By.id("pharmacy-notice")).getText())
        .contains("Received the pack with product code " + GTIN + " and serial S1").contains("org-1's stock");
    assertThat(pack(1, "S1").holder()).isEqualTo("org-1");
    assertThat(browser.driver.findElements(By.cssSelector("tr.shelf-row"))).hasSize(1);
    portal.checkPage("pharmacy-received");

    browser.driver.findElement(By.cssSelector("tr.shelf-row button")).sendKeys(Keys.ENTER);
    portal.waiting().until(d -> d.findElement(By.id("pharmacy-notice")).getText().startsWith("Dispensed"));
    assertThat(browser.driver.findElement(By.id("pharmacy-notice")).getText()).contains("serial S1")
        .contains("reads that it was dispensed");
    assertThat(pack(1, "S1").status()).isEqualTo(PackState.Status.DISPENSED);
    var event = DrugQueries.events(validators.node(1).ledger().state(), e -> e.method().equals("dispense"), 10).get(0).record();
    assertThat(event.organisation()).as("recorded for the pharmacy, relayed by the node").isEqualTo("org-1");
    assertThat(event.relayedBy()).isEqualTo("org-1-node");
  }

  @Test
  @Order(2)
  void anotherPharmacysPharmacistIsRefusedNextToTheFieldAndNothingIsCommitted() throws Exception {
    portal.signInAs(otherPharmacist);
    portal.open("/ui/drugs/pharmacy");
    long height = validators.node(1).ledger().height();
    browser.driver.findElement(By.id("dispense-code")).sendKeys("(01)" + GTIN + "(21)S2", Keys.ENTER);
    portal.waiting().until(d -> !d.findElements(By.id("dispense-error")).isEmpty());
    assertThat(browser.driver.findElement(By.id("dispense-error")).getText()).contains("Nothing was recorded")
        .contains("not held by org-2").doesNotContain("org-1");
    assertThat(browser.driver.findElement(By.id("dispense-code")).getAttribute("aria-describedby")).isEqualTo("dispense-error");
    portal.checkPage("pharmacy-refused");
    assertThat(validators.node(1).ledger().height()).as("nothing sent").isEqualTo(height);
    assertThat(pack(1, "S2").shippedTo()).isEqualTo("org-1");
    assertThat(pack(1, "S2").status()).isEqualTo(PackState.Status.ACTIVE);
  }

  @Test
  @Order(3)
  void theRegulatorSeesTheRecalledLotsHolders() throws Exception {
    validators.commit(net.tx(inspector, "drugs", "recall", "gtin", GTIN, "lot", "L9", "reason", "particles found in vials"));
    portal.signInAs(inspector);
    browser.clickToLoad(By.linkText("Recalls"));
    portal.waiting().until(d -> d.getCurrentUrl().endsWith("/ui/drugs/recalls"));
    String lot = browser.driver.findElement(By.cssSelector("section.recalled-lot")).getText();
    assertThat(lot).contains("Lot L9 of product " + GTIN).contains("org-3 (regulator)").contains("particles found in vials");
    assertThat(browser.driver.findElement(By.cssSelector("dd.lot-packs")).getText()).isEqualTo("2");
    assertThat(browser.driver.findElement(By.cssSelector("tr.holder-row[data-organisation='org-0']")).getText())
        .isEqualTo("org-0 1 in their stock");
    assertThat(browser.driver.findElement(By.cssSelector("tr.holder-row[data-organisation='org-1']")).getText())
        .isEqualTo("org-1 1 on its way to them");
    portal.checkPage("regulator-recalls");
  }

  @Test
  @Order(4)
  void aPharmacistOpeningTheRecallsPageIsRefused() throws Exception {
    portal.signInAs(pharmacist);
    portal.open("/ui/drugs/recalls");
    assertThat(portal.text()).contains("for regulators").doesNotContain("Lot L9");
    portal.checkPage("recalls-refused");
  }
}
