package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.core.Gens.digits;
import static org.medledger.core.Gens.distinctLists;
import static org.medledger.core.Gens.stringsOf;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.medledger.apps.drugs.contract.gs1.EpcUri;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.ItemRef;
import org.medledger.apps.drugs.contract.gs1.Sscc;

/** The drugs ledger's records decode only from their one encoding; EPC names read back to what they name. */
class DrugCodecProperties {
  static final Gtin GTIN = new Gtin("09506000134352");

  /** GS1 AI encodable character set 82 (GS1 General Specifications §7.11, figure 7.11-1). */
  static Gen<String> cset82(int max) {
    return stringsOf("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz", 1, max);
  }

  static Gen<String> orgs() {
    return arbitrary().pick("pharma-co", "dist-co", "pharmacy-1", "");
  }

  static Gen<String> ssccs() {
    return digits(17).map(s -> Sscc.withCheckDigit(s).value());
  }

  static Gen<String> noneOrAnSscc() {
    return Generate.oneOf(Generate.constant(""), ssccs());
  }

  static final Gen<PackState> PACKS = in -> {
    String lot = cset82(20).generate(in);
    String expiry = digits(6).generate(in);
    String maker = orgs().generate(in);
    String holder = orgs().generate(in);
    String to = orgs().generate(in);
    PackState.Status status = arbitrary().enumValues(PackState.Status.class).generate(in);
    String reason = arbitrary().pick("", "stolen", "commissioning_error").generate(in);
    long height = longs().between(0, Long.MAX_VALUE).generate(in);
    return new PackState(lot, expiry, maker, holder, to, status, reason, height, height * 3, "").inCase(noneOrAnSscc().generate(in));
  };

  static final Gen<CaseState> CASES = orgs().zip(noneOrAnSscc(),
      lists().of(Generate.oneOf(cset82(20).map(s -> ItemRef.pack(GTIN, s).canonical()), ssccs().map(s -> "00/" + s))).ofSizeBetween(0, 20),
      CaseState::new);

  static final Gen<List<DrugEvent>> EVENT_LISTS = lists().of(arbitrary().pick("commission", "ship", "aggregate", "declareError")
      .zip(cset82(20), cset82(40), (m, k, v) -> new DrugEvent(m, Args.of("gtin", GTIN.value(), "serials", v, "eventId", k))))
      .ofSizeBetween(1, 10);

  /** Serials of character set 82 and the ones that look like list syntax (runs, commas, escapes). */
  static final Gen<List<String>> SERIAL_LISTS = distinctLists(
      Generate.oneOf(cset82(20), arbitrary().pick("5..7", "A,B", "%2C", "50%", "%", ".", "..", ",", "1..2,3")), 1, 12);

  @Test
  void aListOfSerialsReadsBackAsWrittenWhateverTheyHold() {
    qt().withExamples(500).forAll(SERIAL_LISTS).checkAssert(DrugCodecProperties::aListOfSerialsReadsBackAsWrittenWhateverTheyHold);
  }

  static void aListOfSerialsReadsBackAsWrittenWhateverTheyHold(List<String> serials) {
    assertThat(ItemList.split(ItemList.join(serials))).isEqualTo(serials);
    // never a run ("5..7") nor two packs ("A,B") where one serial was written
    try {
      assertThat(DrugArgs.serials(ItemList.join(serials))).isEqualTo(serials);
    } catch (org.medledger.core.runtime.ContractException e) {
      throw new AssertionError("a written list of serials was refused", e);
    }
  }

  @Test
  void aPackDecodesToItselfAndAnAlteredByteNeverDecodesToAnotherEncoding() {
    qt().withExamples(300).forAll(PACKS, integers().between(0, 10_000), integers().between(1, 255))
        .checkAssert(DrugCodecProperties::aPackDecodesToItselfAndAnAlteredByteNeverDecodesToAnotherEncoding);
  }

  static void aPackDecodesToItselfAndAnAlteredByteNeverDecodesToAnotherEncoding(PackState p, int at, int flip) {
    assertThat(PackState.decode(p.encode())).isEqualTo(p);
    byte[] b = p.encode();
    b[at % b.length] ^= (byte) flip;
    try {
      PackState other = PackState.decode(b);
      assertThat(other.encode()).isEqualTo(b);
      assertThat(other).isNotEqualTo(p);
    } catch (DecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void aCaseAndAScanCountDecodeToThemselves() {
    qt().withExamples(300).forAll(CASES, integers().between(0, 40)).checkAssert(DrugCodecProperties::aCaseAndAScanCountDecodeToThemselves);
  }

  static void aCaseAndAScanCountDecodeToThemselves(CaseState c, int scans) {
    assertThat(CaseState.decode(c.encode())).isEqualTo(c);
    ScanCount s = ScanCount.NONE;
    for (int i = 0; i < scans; i++) {
      s = s.record(String.format("%016x", i % 23), "org-" + i % 3, 1_000L * i);
      if (i == 30) {
        s = s.reset("nmpa", 1_000L * i, "seized");
      }
    }
    assertThat(ScanCount.decode(s.encode())).isEqualTo(s);
    assertThat(s.scans()).isEqualTo(scans);
    // Each of the three organisations keeps at most its budget of places.
    assertThat(s.reports()).hasSizeLessThanOrEqualTo(3 * ScanCount.PLACES_PER_ORGANISATION);
    assertThat(s.places(1_000L * scans)).isLessThanOrEqualTo(Math.min(scans, 23));
  }

  @Test
  void aCapturesEventsDecodeToThemselves() {
    qt().withExamples(200).forAll(EVENT_LISTS).checkAssert(DrugCodecProperties::aCapturesEventsDecodeToThemselves);
  }

  static void aCapturesEventsDecodeToThemselves(List<DrugEvent> events) {
    assertThat(DrugEvent.decodeList(DrugEvent.encodeList(events), 1 << 20)).isEqualTo(events);
  }

  @Test
  void anSgtinUrnAndItsDigitalLinkNameTheSamePack() {
    qt().withExamples(300).forAll(ssccs(), integers().between(6, 12)).checkAssert(DrugCodecProperties::anSgtinUrnAndItsDigitalLinkNameTheSamePack);
  }

  static void anSgtinUrnAndItsDigitalLinkNameTheSamePack(String sscc, int prefix) {
    // A URN splits the key after the company prefix, whose length (6–12 digits) the key itself does not say.
    String seventeen = sscc.substring(0, 17);
    String urn = "urn:epc:id:sscc:" + seventeen.substring(1, 1 + prefix) + "." + seventeen.charAt(0) + seventeen.substring(1 + prefix);
    assertThat(EpcUri.parse(urn)).isEqualTo(ItemRef.ofCase(new Sscc(sscc)));
    assertThat(EpcUri.parse(EpcUri.digitalLink(ItemRef.ofCase(new Sscc(sscc)), EpcUri.GS1_RESOLVER))).isEqualTo(ItemRef.ofCase(new Sscc(sscc)));
    String gtin13 = GTIN.value().substring(0, 13);
    String sgtinUrn = "urn:epc:id:sgtin:" + gtin13.substring(1, 1 + prefix) + "." + gtin13.charAt(0) + gtin13.substring(1 + prefix) + ".A%2F1";
    assertThat(EpcUri.parse(sgtinUrn)).isEqualTo(ItemRef.pack(GTIN, "A/1"));
  }

  @Test
  void aPacksDigitalLinkReadsBackToThePack() {
    qt().withExamples(300).forAll(cset82(20)).checkAssert(DrugCodecProperties::aPacksDigitalLinkReadsBackToThePack);
  }

  static void aPacksDigitalLinkReadsBackToThePack(String serial) {
    ItemRef pack = ItemRef.pack(GTIN, serial);
    assertThat(EpcUri.parse(EpcUri.digitalLink(pack, "https://id.example.org"))).isEqualTo(pack);
    assertThat(ItemRef.parse(pack.canonical())).isEqualTo(pack);
  }
}
