package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.drugs.contract.DrugsTestLedger.ok;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * Issue 22, finding 11: an EPCIS event id was claimed first-come, so a member that saw a capture
 * in the gossiped mempool submitted its own event under the same id first, and the owner's
 * capture failed ({@code duplicate_event}) or its error declaration reached the other's event.
 * Event ids are unique within the recording organisation now.
 */
class EventIdFrontRunningTest {
  static final Gtin GTIN = new Gtin("09506000134352");
  static final Gtin OTHER_GTIN = Gtin.withCheckDigit("0950601000000");

  final DrugsTestLedger ledger = new DrugsTestLedger();
  final Caller maker = ledger.member("factory", "pharma-co", "maker");
  final Caller rival = ledger.member("rival", "generic-co", "maker");
  final Caller regulator = ledger.member("inspector", "nmpa", "regulator");

  @Test
  void anotherOrganisationUsingTheSameEventIdFirstNeitherBlocksNorTakesOverTheOwnersEvent() {
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506010", "organisation", "generic-co"));
    ok(ledger.drugs(maker, "registerGtin", "gtin", GTIN.value()));
    ok(ledger.drugs(rival, "registerGtin", "gtin", OTHER_GTIN.value()));
    ok(ledger.drugs(rival, "commission", "gtin", OTHER_GTIN.value(), "lot", "R1", "expiry", "281231", "serials", "1..2"));

    // The rival copies the maker's event id from the mempool and is ordered first, in the same block.
    List<TxOutcome> block = ledger.block(
        ledger.tx(rival, "drugs", "ship", "gtin", OTHER_GTIN.value(), "serials", "1", "to", "dist-co", "eventId", "urn:uuid:lot-l1"),
        ledger.tx(maker, "drugs", "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..3",
            "eventId", "urn:uuid:lot-l1"));
    ok(block.get(0));
    ok(block.get(1));
    assertThat(ledger.verify(GTIN, "2")).isEqualTo("genuine");
    assertThat(ledger.drugs(maker, "ship", "gtin", GTIN.value(), "serials", "1", "to", "dist-co", "eventId", "urn:uuid:lot-l1").code())
        .as("still unique within its own organisation").isEqualTo("duplicate_event");

    // The maker's error declaration reaches its own event, never the rival's.
    ok(ledger.drugs(maker, "declareError", "declaredEventId", "urn:uuid:lot-l1", "reason", "wrong lot"));
    assertThat(ledger.verify(GTIN, "2")).isEqualTo("decommissioned");
    assertThat(ledger.verify(OTHER_GTIN, "1")).as("the rival's shipment stands").isEqualTo("in_transit");
    assertThat(ledger.drugs(rival, "declareError", "declaredEventId", "urn:uuid:lot-l1", "reason", "x", "declaredEventOrganisation",
        "pharma-co").code()).as("nor does the rival reach the maker's").isEqualTo("forbidden");

    var events = DrugQueries.events(ledger.state, e -> true, 100).stream()
        .filter(e -> e.eventId().equals("urn:uuid:lot-l1")).toList();
    assertThat(events).extracting(e -> e.record().organisation()).containsExactlyInAnyOrder("pharma-co", "generic-co");
    assertThat(events).filteredOn(e -> e.record().organisation().equals("pharma-co")).singleElement()
        .satisfies(e -> assertThat(e.error()).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("wrong lot")));
    assertThat(events).filteredOn(e -> e.record().organisation().equals("generic-co")).singleElement()
        .satisfies(e -> assertThat(e.error()).isEmpty());
  }

  @Test
  void aRegulatorNamesTheOrganisationOfTheEventItDeclaresInError() {
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    ok(ledger.drugs(maker, "registerGtin", "gtin", GTIN.value()));
    ok(ledger.drugs(maker, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1", "eventId", "c-1"));
    assertThat(ledger.drugs(regulator, "declareError", "declaredEventId", "c-1", "reason", "x").code()).as("nmpa has no event c-1")
        .isEqualTo("unknown_event");
    ok(ledger.drugs(regulator, "declareError", "declaredEventId", "c-1", "declaredEventOrganisation", "pharma-co", "reason", "fake lot"));
    assertThat(ledger.verify(GTIN, "1")).isEqualTo("decommissioned");
  }
}
