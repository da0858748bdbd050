package org.medledger.apps.records.node;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.patient.PatientRecord;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordAuthorCheck;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.membership.Membership;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CertifiedEncryptionKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.UncertifiedKeyException;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.vault.LedgerCall;
import org.medledger.node.vault.VaultDocument;
import org.medledger.node.vault.VaultDocuments;
import org.medledger.node.vault.VaultException;
import org.medledger.node.vault.VaultService;

/**
 * Health records in the node's vault: what the {@code records} contract holds about each record
 * (its entry, the wrapped-key commitments, the register and shareKey calls), handed to the vault
 * when records registers, and storing a patient's record: sealed for her certified encryption key
 * and bound to chain, patient, type and category.
 */
public final class RecordVault implements VaultDocuments {
  private final Ledger ledger;
  private final VaultService vault;
  private final CryptoSuite suite;
  private final String chainId;
  private final Membership membership;
  private final Clock clock;

  public RecordVault(Ledger ledger, VaultService vault, Membership membership, Clock clock) {
    this.ledger = ledger;
    this.vault = vault;
    this.suite = ledger.genesis().cryptoSuite();
    this.chainId = ledger.genesis().chainId();
    this.membership = membership;
    this.clock = clock;
  }

  /** The records application's vault on a running node (tests, benchmarks, the demo). */
  public static RecordVault of(MedLedgerNode node) {
    return node.applications().stream().filter(RecordsApplication.class::isInstance).map(RecordsApplication.class::cast)
        .findFirst().map(RecordsApplication::recordVault)
        .orElseThrow(() -> new IllegalStateException("this node runs no records application"));
  }

  /** The node's vault, for what is not about records: fetch, keys, repair. */
  public VaultService vault() {
    return vault;
  }

  /** Seals and stores a record for {@code patient} on behalf of {@code author}; returns once every shard is placed or failed. */
  public VaultService.Stored store(Hash author, byte[] document, PatientId patient, String resourceType, String category) {
    VaultService.checkSize(document);
    requireMayAuthor(author);
    PatientRecord p = PatientContract.find(ledger.state(), patient).orElseThrow(
        () -> new VaultException("unknown_patient", "patient " + patient + " is not registered"));
    VaultService.Sealing sealing = new VaultService.Sealing(patientEncryptionKey(p), RecordContract.PATIENT_READER,
        context(patient, resourceType, category));
    return vault.store(document, sealing, (record, manifest, patientKeyHash, custodianKeyHash) -> new LedgerCall(
        RecordContract.NAME, "register", List.of("record", record.hex(), "patient", patient.toString(),
            "resourceType", resourceType, "category", category, "manifest", Hex.encode(manifest),
            "patientKeyHash", patientKeyHash.hex(), "custodianKeyHash", custodianKeyHash.hex(), "author", author.hex())));
  }

  /**
   * Refuses, with the code the ledger would answer, an author whose credential does not let her
   * author records once {@code author-records} is enforced (issue 16): asked of the committed
   * state before anything is sealed or placed, so a refused store sends no shard.
   */
  private void requireMayAuthor(Hash author) {
    StateReader state = ledger.state();
    long now = clock.millis();
    if (membership.member(state, author, now) instanceof CertificateCheck.Valid valid) {
      RecordAuthorCheck.refusal(state, Membership.caller(valid.member()), now).ifPresent(r -> {
        throw new VaultException(r.code(), r.message());
      });
    }
  }

  /** As {@link VaultService#fetch(Hash, long)}. */
  public byte[] fetch(Hash record, long keyWaitMillis) {
    return vault.fetch(record, keyWaitMillis);
  }

  /**
   * The patient's encryption key, checked against her registered signing key; a patient without
   * one gets no record, since a data key is never wrapped to a signing key.
   */
  private CertifiedEncryptionKey patientEncryptionKey(PatientRecord p) {
    EncryptionKeyCertificate c = p.encryptionKeyCertificate().orElseThrow(() -> new VaultException("no_encryption_key",
        "patient " + p.id() + " has no registered encryption key: a record's data key is wrapped for her only to an"
            + " encryption key certified by her signing key (patients.register, encryptionKeyCertificate)"));
    try {
      return c.certify(suite, chainId, EncryptionKeyCertificate.patientHolder(p.id().toString()),
          suite.signatures().decodePublicKey(p.publicKey()));
    } catch (UncertifiedKeyException e) {
      throw new VaultException("no_encryption_key", "patient " + p.id() + ": " + e.getMessage());
    }
  }

  /** What the AEAD binds the sealed bytes to: chain, patient, type and category from the ledger entry. */
  private byte[] context(PatientId patient, String resourceType, String category) {
    return new CanonicalWriter(128).string("medledger/record/v1").string(chainId)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(resourceType).string(category).toByteArray();
  }

  @Override
  public Optional<VaultDocument> find(StateReader state, Hash document) {
    return RecordContract.find(state, document).map(e -> new VaultDocument(e.recordHash(), e.manifest(), e.custodian(),
        e.erased(), e.erasedHeight(), e.timestamp(), context(e.patient(), e.resourceType(), e.category()), e.height()));
  }

  @Override
  public Optional<Hash> keyCommitment(StateReader state, Hash document, String reader) {
    return RecordContract.keyCommitment(state, document, reader);
  }

  @Override
  public Scan scan(StateReader state) {
    List<Hash> records = new ArrayList<>();
    Map<String, String> undecodable = new TreeMap<>();
    state.scan(StateKeys.of(RecordContract.NAME, "record/"), (k, v) -> {
      try {
        records.add(HealthRecordEntry.decode(v).recordHash());
      } catch (RuntimeException ex) {
        undecodable.put(StateKeys.localKey(RecordContract.NAME, k), "entry does not decode: " + ex.getMessage());
      }
      return true;
    });
    return new Scan(records, undecodable);
  }

  @Override
  public LedgerCall keyShare(Hash document, String reader, Hash wrappedKeyHash) {
    return new LedgerCall(RecordContract.NAME, "shareKey", List.of("record", document.hex(), "reader", reader,
        "wrappedKeyHash", wrappedKeyHash.hex()));
  }
}
