package org.medledger.apps.trials.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.trials.contract.TrialDocuments.canonical;
import static org.medledger.apps.trials.contract.TrialDocuments.registration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * Issue 17, trials item 1: the full protocol stays with its sponsor, the registration commits its
 * hash, and only the trial's sponsor reveals it later, only the exact bytes, only after the
 * registration is committed; anyone then checks the bytes against the hash.
 */
class ProtocolRevealTest {
  static final byte[] PROTOCOL = "SPIRIT protocol MLT-0001 v1.0\nSample size: 1200\n§6 Outcomes: P1 at 12 months\n"
      .getBytes(StandardCharsets.UTF_8);

  final TrialsLedger ledger = new TrialsLedger();
  final Caller sponsor = ledger.member("pharma-a-sponsor", "pharma-a", "sponsor");
  final Caller otherSponsor = ledger.member("pharma-b-sponsor", "pharma-b", "sponsor");
  final Caller investigator = ledger.member("dr-who", "hospital-a", "clinician");

  static Hash hashOf(byte[] bytes) {
    return Hash.of(TrialsLedger.SUITE.hash().hash(bytes));
  }

  static ObjectNode withProtocol(String trialId, byte[] protocol) {
    return registration(trialId, "pharma-a").put("protocolHash", hashOf(protocol).hex());
  }

  TxOutcome reveal(Caller by, String trialId, byte[] protocol) {
    return ledger.run(by, TrialsContract.REVEAL_PROTOCOL, "trialId", trialId, "protocol", Hex.encode(protocol));
  }

  byte[] commitmentBytes(String trialId, byte[] protocol) {
    return ledger.state.get(StateKeys.of(TrialsContract.NAME, TrialsContract.protocolKey(trialId, hashOf(protocol))));
  }

  @Test
  void aRevealBeforeTheRegistrationIsCommittedIsRefused() {
    TxOutcome early = reveal(sponsor, "MLT-0001", PROTOCOL);
    assertThat(early.code()).isEqualTo("not_registered");
    assertThat(early.message()).contains("MLT-0001");
    assertThat(ledger.trialsKeys()).isZero();

    var sameBlock = ledger.block(List.of(ledger.tx(sponsor, "register", "document", canonical(withProtocol("MLT-0001", PROTOCOL))),
        ledger.tx(sponsor, TrialsContract.REVEAL_PROTOCOL, "trialId", "MLT-0001", "protocol", Hex.encode(PROTOCOL))));
    assertThat(sameBlock.get(0).success()).isTrue();
    assertThat(sameBlock.get(1).code()).isEqualTo("not_registered");
    assertThat(sameBlock.get(1).message()).contains("this very block");
    assertThat(ProtocolCommitment.decode(commitmentBytes("MLT-0001", PROTOCOL)).revealed()).isFalse();
  }

  @Test
  void onlyTheTrialsSponsorRevealsOnlyTheCommittedBytesAndOnlyOnce() throws Exception {
    assertThat(ledger.run(sponsor, "register", "document", canonical(withProtocol("MLT-0001", PROTOCOL))).success()).isTrue();
    SortedMap<String, String> before = ledger.query("version", "trialId", "MLT-0001", "version", "1");
    assertThat(before).containsEntry("protocolHash", hashOf(PROTOCOL).hex()).containsEntry("protocolRevealHeight", "0")
        .containsEntry("protocolRevealTransaction", "");
    byte[] committed = commitmentBytes("MLT-0001", PROTOCOL);
    int keys = ledger.trialsKeys();

    TxOutcome other = reveal(otherSponsor, "MLT-0001", PROTOCOL);
    assertThat(other.code()).isEqualTo("forbidden");
    assertThat(other.message()).contains("sponsored by pharma-a");
    assertThat(reveal(investigator, "MLT-0001", PROTOCOL).success()).isFalse();

    byte[] altered = "SPIRIT protocol MLT-0001 v1.0\nSample size: 1200\n§6 Outcomes: P1 at 6 months\n".getBytes(StandardCharsets.UTF_8);
    TxOutcome wrong = reveal(sponsor, "MLT-0001", altered);
    assertThat(wrong.code()).isEqualTo("protocol_mismatch");
    assertThat(wrong.message()).contains(hashOf(altered).hex()).contains("version 1 " + hashOf(PROTOCOL).hex());
    assertThat(ledger.run(sponsor, TrialsContract.REVEAL_PROTOCOL, "trialId", "MLT-0001", "protocol", "not hex").message())
        .contains("protocol is not hex");
    assertThat(reveal(sponsor, "MLT-0001", new byte[0]).message()).contains("'protocol' is required");
    assertThat(reveal(sponsor, "MLT-0001", new byte[TrialsContract.MAX_PROTOCOL_BYTES + 1]).code()).isEqualTo("protocol_too_large");
    assertThat(commitmentBytes("MLT-0001", PROTOCOL)).isEqualTo(committed);
    assertThat(ledger.trialsKeys()).isEqualTo(keys);

    TxOutcome revealed = reveal(sponsor, "MLT-0001", PROTOCOL);
    assertThat(revealed.success()).isTrue();
    ProtocolCommitment c = ProtocolCommitment.decode(commitmentBytes("MLT-0001", PROTOCOL));
    assertThat(c.revealed()).isTrue();
    assertThat(c.revealedBytes()).isEqualTo(PROTOCOL.length);
    assertThat(c.firstVersion()).isEqualTo(1);
    byte[] carried = Hex.decode(ledger.committed.get(c.revealTransaction()).args().get("protocol").orElseThrow());
    assertThat(carried).isEqualTo(PROTOCOL);
    assertThat(ledger.query("version", "trialId", "MLT-0001", "version", "1"))
        .containsEntry("protocolRevealTransaction", c.revealTransaction().hex())
        .containsEntry("protocolRevealHeight", Long.toString(c.revealHeight()));
    assertThat(reveal(sponsor, "MLT-0001", PROTOCOL).code()).isEqualTo("already_revealed");
  }

  @Test
  void aTrialThatCommittedNoProtocolHasNoneToRevealAndAHashHasOneSpelling() {
    assertThat(ledger.run(sponsor, "register", "document", canonical(registration("MLT-0002", "pharma-a"))).success()).isTrue();
    TxOutcome none = reveal(sponsor, "MLT-0002", PROTOCOL);
    assertThat(none.code()).isEqualTo("no_protocol_committed");

    TxOutcome upper = ledger.run(sponsor, "register", "document", canonical(registration("MLT-0003", "pharma-a")
        .put("protocolHash", hashOf(PROTOCOL).hex().toUpperCase(java.util.Locale.ROOT))));
    assertThat(upper.code()).isEqualTo("invalid_document");
    assertThat(upper.message()).contains("protocolHash").contains("lower-case hex");
  }

  @Test
  void anAmendmentMayCommitANewProtocolAndEitherCommittedOneCanBeRevealed() throws Exception {
    assertThat(ledger.run(sponsor, "register", "document", canonical(withProtocol("MLT-0001", PROTOCOL))).success()).isTrue();
    byte[] second = "SPIRIT protocol MLT-0001 v2.0 (ethics committee's changes)".getBytes(StandardCharsets.UTF_8);
    ObjectNode v2 = withProtocol("MLT-0001", second);
    assertThat(ledger.run(sponsor, "amend", "trialId", "MLT-0001", "document", canonical(v2), "reason", "protocol v2").success())
        .isTrue();
    assertThat(ledger.query("version", "trialId", "MLT-0001", "version", "2")).containsEntry("protocolHash", hashOf(second).hex());
    assertThat(reveal(sponsor, "MLT-0001", second).success()).isTrue();
    assertThat(ProtocolCommitment.decode(commitmentBytes("MLT-0001", second)).firstVersion()).isEqualTo(2);
    assertThat(ProtocolCommitment.decode(commitmentBytes("MLT-0001", PROTOCOL)).revealed()).isFalse();
    assertThat(reveal(sponsor, "MLT-0001", PROTOCOL).success()).isTrue();
  }
}
