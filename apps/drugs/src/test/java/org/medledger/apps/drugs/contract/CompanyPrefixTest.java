package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.drugs.contract.DrugsTestLedger.ok;

import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.apps.drugs.contract.gs1.Gtin;

/**
 * Issue 22, finding 3: {@code registerGtin} was first-come, so a maker of any organisation
 * registered another company's GTIN and commissioned "genuine" serials under it. A GTIN now
 * belongs to the organisation owning its GS1 company prefix, which a regulator records and alone
 * transfers.
 */
class CompanyPrefixTest {
  static final Gtin PHARMA_GTIN = new Gtin("09506000134352");
  static final Gtin PHARMA_GTIN_CASE = Gtin.withCheckDigit("1950600013435");

  final DrugsTestLedger ledger = new DrugsTestLedger();
  final Caller maker = ledger.member("factory", "pharma-co", "maker");
  final Caller squatter = ledger.member("squatter", "generic-co", "maker");
  final Caller squatterAdmin = ledger.member("squatter-admin", "generic-co", "admin");
  final Caller regulator = ledger.member("inspector", "nmpa", "regulator");
  final Caller insurerAdmin = ledger.member("insurer-admin", "insurer-co", "admin");
  final Caller distributor = ledger.member("warehouse", "dist-co", "distributor");

  @Test
  void aMakerOfAnotherOrganisationNeitherRegistersNorCommissionsAGtinUnderAPrefixItDoesNotOwn() {
    assertThat(ledger.drugs(squatter, "registerGtin", "gtin", PHARMA_GTIN.value()).code()).as("no prefix recorded yet: no owner")
        .isEqualTo("unknown_prefix");
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co", "reason", "GS1 licence 2026-114"));

    TxOutcome squat = ledger.drugs(squatter, "registerGtin", "gtin", PHARMA_GTIN.value());
    assertThat(squat.code()).isEqualTo("forbidden");
    assertThat(squat.message()).contains("company prefix 9506000").contains("belongs to pharma-co");
    assertThat(ledger.drugs(squatterAdmin, "registerGtin", "gtin", PHARMA_GTIN.value()).code()).isEqualTo("forbidden");
    assertThat(ledger.drugs(squatter, "registerGtin", "gtin", PHARMA_GTIN_CASE.value()).code()).as("another indicator digit, same prefix")
        .isEqualTo("forbidden");
    assertThat(ledger.drugs(squatter, "commission", "gtin", PHARMA_GTIN.value(), "lot", "FAKE", "expiry", "281231", "serials", "1..5")
        .code()).isEqualTo("forbidden");

    ok(ledger.drugs(maker, "registerGtin", "gtin", PHARMA_GTIN.value()));
    ok(ledger.drugs(maker, "commission", "gtin", PHARMA_GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..5"));
    assertThat(ledger.drugs(squatter, "commission", "gtin", PHARMA_GTIN.value(), "lot", "FAKE", "expiry", "281231", "serials", "6")
        .code()).isEqualTo("forbidden");
    assertThat(ledger.verify(PHARMA_GTIN, "3")).isEqualTo("genuine");
    assertThat(ledger.verify(PHARMA_GTIN, "6")).isEqualTo("unknown_serial");
  }

  @Test
  void onlyARegulatorRecordsOrTransfersAPrefix() {
    for (Caller cheat : new Caller[] {maker, squatter, squatterAdmin, insurerAdmin, distributor}) {
      TxOutcome o = ledger.drugs(cheat, "recordPrefix", "prefix", "9506000", "organisation", cheat.organisation());
      assertThat(o.code()).as(cheat.name()).isEqualTo("forbidden");
      assertThat(o.message()).contains("regulator");
    }
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    for (Caller cheat : new Caller[] {maker, squatter, squatterAdmin, insurerAdmin}) {
      assertThat(ledger.drugs(cheat, "transferPrefix", "prefix", "9506000", "to", "generic-co", "reason", "mine now").code())
          .as(cheat.name()).isEqualTo("forbidden");
    }
    assertThat(DrugQueries.prefixOwner(ledger.state, PHARMA_GTIN).orElseThrow().owner()).isEqualTo("pharma-co");
  }

  @Test
  void prefixesAreCheckedAndNeverOverlap() {
    for (String bad : new String[] {"12345", "1234567890123", "95060a0", ""}) {
      assertThat(ledger.drugs(regulator, "recordPrefix", "prefix", bad, "organisation", "pharma-co").code()).as(bad)
          .isIn("invalid_argument", "missing_argument");
    }
    assertThat(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "not-a-member").message())
        .contains("not a member organisation");
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    assertThat(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "generic-co").code())
        .isEqualTo("already_recorded");
    TxOutcome longer = ledger.drugs(regulator, "recordPrefix", "prefix", "950600013", "organisation", "generic-co");
    assertThat(longer.code()).isEqualTo("overlapping_prefix");
    assertThat(longer.message()).contains("starts with prefix 9506000 of pharma-co");
    TxOutcome shorter = ledger.drugs(regulator, "recordPrefix", "prefix", "950600", "organisation", "generic-co");
    assertThat(shorter.code()).isEqualTo("overlapping_prefix");
    assertThat(shorter.message()).contains("is the start of prefix 9506000 of pharma-co");
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "950601", "organisation", "generic-co"));
  }

  @Test
  void afterATransferTheNewOwnerRegistersAndCommissionsAndTheOldOneNoLonger() {
    ok(ledger.drugs(regulator, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    ok(ledger.drugs(maker, "registerGtin", "gtin", PHARMA_GTIN.value()));
    ok(ledger.drugs(maker, "commission", "gtin", PHARMA_GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..3"));
    assertThat(ledger.drugs(regulator, "transferPrefix", "prefix", "9506000", "to", "generic-co").code()).as("a transfer says why")
        .isEqualTo("missing_argument");
    assertThat(ledger.drugs(regulator, "transferPrefix", "prefix", "9506001", "to", "generic-co", "reason", "x").code())
        .isEqualTo("unknown_prefix");
    ok(ledger.drugs(regulator, "transferPrefix", "prefix", "9506000", "to", "generic-co", "reason", "product line sold\nGS1 transfer 77"));

    assertThat(ledger.drugs(maker, "commission", "gtin", PHARMA_GTIN.value(), "lot", "L2", "expiry", "281231", "serials", "4").code())
        .as("the old owner").isEqualTo("forbidden");
    assertThat(ledger.drugs(maker, "registerGtin", "gtin", PHARMA_GTIN_CASE.value()).code()).isEqualTo("forbidden");
    assertThat(ledger.drugs(squatter, "commission", "gtin", PHARMA_GTIN.value(), "lot", "L2", "expiry", "281231", "serials", "4").code())
        .as("registered by the old owner: the new one registers it first").isEqualTo("forbidden");
    ok(ledger.drugs(squatter, "registerGtin", "gtin", PHARMA_GTIN.value()));
    ok(ledger.drugs(squatter, "commission", "gtin", PHARMA_GTIN.value(), "lot", "L2", "expiry", "281231", "serials", "4"));
    assertThat(ledger.verify(PHARMA_GTIN, "2")).as("packs made before the transfer stay genuine").isEqualTo("genuine");
    assertThat(ledger.verify(PHARMA_GTIN, "4")).isEqualTo("genuine");

    var history = DrugQueries.prefixHistory(ledger.state, "9506000");
    assertThat(history).extracting(PrefixChange::kind).containsExactly(PrefixChange.Kind.RECORDED, PrefixChange.Kind.TRANSFERRED);
    assertThat(history.get(1).from()).isEqualTo("pharma-co");
    assertThat(history.get(1).to()).isEqualTo("generic-co");
    assertThat(history.get(1).regulator()).isEqualTo("nmpa");
    assertThat(history.get(1).reason()).isEqualTo("product line sold\nGS1 transfer 77");
    assertThat(DrugQueries.prefixOwner(ledger.state, PHARMA_GTIN).orElseThrow().owner()).isEqualTo("generic-co");
  }
}
