package org.medledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The CLI's kept log head (LogHeadFile): what is written reads back; no file is no head; a file of
 * another chain, one that is not JSON, or one whose size or root is not what a head holds is
 * refused naming the file and the field.
 */
class LogHeadFileTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void aHeadReadsBackAndABadFileIsRefusedNamingWhatIsWrong() throws Exception {
    Genesis chain = genesis("head-a");
    Path file = dir.resolve("head.json");
    assertThat(LogHeadFile.read(file, chain)).as("no file yet: no head").isNull();
    LogHeadTracker.LogHead head = new LogHeadTracker.LogHead(42, Hash.of(SUITE.hash().hash(new byte[] {1})), 17);
    LogHeadFile.write(file, chain, head);
    assertThat(LogHeadFile.read(file, chain)).isEqualTo(head);
    try (var left = Files.list(dir)) {
      assertThat(left).as("no partial file left beside it").containsExactly(file);
    }

    assertThatThrownBy(() -> LogHeadFile.read(file, genesis("head-b"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is for chain 'head-a/").hasMessageContaining("not this genesis's 'head-b/");
    String kept = Files.readString(file);
    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> LogHeadFile.read(file, chain)).hasMessageContaining("the log-head file " + file + " is not JSON");
    Files.writeString(file, kept.replace("\"size\" : 42", "\"size\" : -1"));
    assertThatThrownBy(() -> LogHeadFile.read(file, chain)).hasMessageContaining("'size' is not a whole number");
    Files.writeString(file, kept.replace(head.root().hex(), "abc"));
    assertThatThrownBy(() -> LogHeadFile.read(file, chain)).hasMessageContaining("'root' is not a hash in hex");
    Files.writeString(file, kept.replace("\"height\" : 17", "\"height\" : \"seventeen\""));
    assertThatThrownBy(() -> LogHeadFile.read(file, chain)).hasMessageContaining("'height' is not a whole number");
  }

  private Genesis genesis(String chainId) {
    Date from = new Date(System.currentTimeMillis() - 3_600_000L);
    Date to = new Date(System.currentTimeMillis() + 86_400_000L);
    CertificateAuthority ca = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
    KeyPair k = SUITE.signatures().generateKeyPair(random);
    X509Certificate node = ca.issueNode("hospital-a-node", k.getPublic(), from, to);
    ValidatorEntry v = new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(node), EncryptionKeyCertificate.issue(
        SUITE, SUITE.signatures().signer(k), chainId, EncryptionKeyCertificate.nodeHolder("hospital-a-node"),
        SUITE.generateEncryptionKeyPair(random).getPublic()));
    return new Genesis(chainId, SUITE.id(), from.getTime(),
        List.of(new Organisation("hospital-a", Pem.certificate(ca.certificate()), List.of(Role.NODE, Role.ADMIN))),
        List.of(v), List.of(), ChainParameters.DEFAULTS);
  }
}
