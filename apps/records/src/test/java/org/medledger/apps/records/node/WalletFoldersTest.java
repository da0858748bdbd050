package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An earlier release's wallet at {@code <data>/wallet} moves once into {@code <data>/apps/records}. */
class WalletFoldersTest {
  @TempDir
  Path data;

  @Test
  void movesAnEarlierReleasesWalletAndStepUpCodesIntoTheApplicationsFolderOnce() throws Exception {
    Files.createDirectories(data.resolve("wallet"));
    Files.write(data.resolve("wallet").resolve("p1.key"), new byte[] {1, 2, 3});
    Files.createDirectories(data.resolve("wallet-step-up"));
    Files.write(data.resolve("wallet-step-up").resolve("p1.codes"), new byte[] {4});
    Path app = data.resolve("apps/records");
    Files.createDirectories(app);

    WalletFolders folders = WalletFolders.prepare(data, app);

    assertThat(folders.wallet()).isEqualTo(app.resolve("wallet"));
    assertThat(folders.stepUp()).isEqualTo(app.resolve("wallet-step-up"));
    assertThat(Files.readAllBytes(folders.wallet().resolve("p1.key"))).containsExactly(1, 2, 3);
    assertThat(Files.readAllBytes(folders.stepUp().resolve("p1.codes"))).containsExactly(4);
    assertThat(data.resolve("wallet")).doesNotExist();
    assertThat(data.resolve("wallet-step-up")).doesNotExist();
    // A second start finds nothing left to move and the wallet where it was put.
    WalletFolders.prepare(data, app);
    assertThat(Files.readAllBytes(folders.wallet().resolve("p1.key"))).containsExactly(1, 2, 3);
  }

  @Test
  void aWalletInBothPlacesIsRefusedNamingBothAndNothingMoves() throws Exception {
    Files.createDirectories(data.resolve("wallet"));
    Files.write(data.resolve("wallet").resolve("old.key"), new byte[] {1});
    Path app = data.resolve("apps/records");
    Files.createDirectories(app.resolve("wallet"));
    Files.write(app.resolve("wallet").resolve("new.key"), new byte[] {2});

    assertThatThrownBy(() -> WalletFolders.prepare(data, app)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(data.resolve("wallet").toString()).hasMessageContaining(app.resolve("wallet").toString())
        .hasMessageContaining("start again");
    assertThat(data.resolve("wallet").resolve("old.key")).exists();
    assertThat(app.resolve("wallet").resolve("new.key")).exists();
    assertThat(app.resolve("wallet").resolve("old.key")).doesNotExist();
  }

  @Test
  void anEmptyNewFolderDoesNotStopTheMove() throws Exception {
    Files.createDirectories(data.resolve("wallet"));
    Files.write(data.resolve("wallet").resolve("p1.key"), new byte[] {7});
    Path app = data.resolve("apps/records");
    Files.createDirectories(app.resolve("wallet"));

    WalletFolders.prepare(data, app);

    assertThat(Files.readAllBytes(app.resolve("wallet").resolve("p1.key"))).containsExactly(7);
  }

  @Test
  void aNewNodeHasNothingToMove() throws Exception {
    Path app = data.resolve("apps/records");
    Files.createDirectories(app);
    WalletFolders folders = WalletFolders.prepare(data, app);
    assertThat(folders.wallet()).doesNotExist();
    assertThat(data.resolve("wallet")).doesNotExist();
  }
}
