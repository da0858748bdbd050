package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.vault.VaultService;

/**
 * A vault holder whose disk is full while the network stores a record (issue 19 item 3), on four
 * real validators: org-2's shard folder is a real 8 MiB tmpfs, filled to ENOSPC before the store.
 * The uploader's answer: the record is stored (three of four shards suffice, k = 3) and names the
 * one holder that could not keep its shard and why (the kernel's "No space left on device", which
 * the holder answers at once; before, it answered nothing and the uploader waited out its timeout
 * to report "did not answer in time"); the
 * document reads back whole; once org-2 has room its repair sweep rebuilds its shard. Mounting
 * needs root; skipped otherwise. About 10 s.
 */
class VaultHolderFullDiskTest {
  @TempDir
  Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();
  private Path mounted;

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(MedLedgerNode::close);
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString()).redirectErrorStream(true).start().waitFor();
    }
  }

  @Test
  void theUploaderIsToldWhichHolderHadNoRoomAndTheRecordIsStoredAndLaterRepaired() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    Path shards = net.configs.get(2).dataDir().resolve("shards");
    Files.createDirectories(shards);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", shards.toString())
        .redirectErrorStream(true).start();
    mount.getInputStream().readAllBytes();
    assumeTrue(mount.waitFor() == 0, "mounting a tmpfs needs root");
    mounted = shards;
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("linked", 30_000, () -> nodes.stream()
        .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    commit(net, net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    commit(net, net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient),
            net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));

    Path filler = shards.resolve("filler");
    String full = fill(filler);
    assertThat(full).contains("No space left on device");
    byte[] document = new byte[1024 * 1024];
    new Random(37).nextBytes(document);
    VaultService.Stored stored = RecordVault.of(nodes.get(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
    System.out.println("the uploader's answer with org-2's disk full: holders " + stored.holders() + ", failed "
        + stored.failed());
    assertThat(stored.record()).as("the record is on the ledger").isNotNull();
    assertThat(stored.failed()).as("one holder could not keep its shard, named with why").hasSize(1);
    assertThat(stored.failed().get(0)).startsWith("org-2: ").contains("could not keep shard", "No space left on device");
    Hash record = stored.record();
    assertThat(nodes.get(2).vault().heldShards(record)).as("org-2 holds no part of it").isEmpty();
    assertThat(nodes.get(0).vault().fetch(record)).as("read back from the three shards placed").isEqualTo(document);

    Files.delete(filler);
    assertThat(nodes.get(2).vault().repair()).as("org-2 rebuilt its shard once it had room").isEqualTo(1);
    assertThat(nodes.get(2).vault().heldShards(record)).hasSize(1);
    assertThat(nodes.get(0).vault().fetch(record)).isEqualTo(document);
  }

  /** Writes a filler file until the kernel answers ENOSPC; returns that answer. */
  private static String fill(Path filler) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private void commit(BftTestNetwork net, Transaction tx) throws InterruptedException {
    assertThat(nodes.get(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 30_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    assertThat(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().success()).isTrue();
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
