package org.medledger.apps.records.node;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the custodial wallet keeps its sealed patient keys and step-up codes: in the application's
 * own folder, {@code <data>/apps/records/wallet} and {@code .../wallet-step-up}. A data folder of
 * an earlier release kept them at {@code <data>/wallet} and {@code <data>/wallet-step-up}; they
 * are moved once, at start, before anything reads them (a rename on the same disk: nothing is
 * copied, nothing is left half-moved). A folder found in both places is refused, naming both:
 * which one holds the patients' keys is the operator's call, never the node's.
 */
public final class WalletFolders {
  private static final Logger LOG = LoggerFactory.getLogger(WalletFolders.class);
  static final String WALLET = "wallet";
  static final String STEP_UP = "wallet-step-up";

  private final Path wallet;
  private final Path stepUp;

  private WalletFolders(Path appDir) {
    this.wallet = appDir.resolve(WALLET);
    this.stepUp = appDir.resolve(STEP_UP);
  }

  /**
   * The wallet's folders under {@code appDir} ({@code <data>/apps/records}), after moving an
   * earlier release's from {@code nodeDataDir} ({@code <data>}).
   *
   * @throws IllegalStateException when a folder holds files at both places
   */
  public static WalletFolders prepare(Path nodeDataDir, Path appDir) throws IOException {
    WalletFolders folders = new WalletFolders(appDir);
    moveOnce(nodeDataDir.resolve(WALLET), folders.wallet);
    moveOnce(nodeDataDir.resolve(STEP_UP), folders.stepUp);
    return folders;
  }

  public Path wallet() {
    return wallet;
  }

  public Path stepUp() {
    return stepUp;
  }

  private static void moveOnce(Path legacy, Path target) throws IOException {
    if (!Files.exists(legacy)) {
      return;
    }
    if (Files.exists(target)) {
      if (!isEmptyFolder(target)) {
        throw new IllegalStateException("the custodial wallet is in two places, " + legacy + " (an earlier release's) and "
            + target + ": this node does not choose between them. Keep the one that holds this hospital's patients' keys at "
            + target + ", move the other out of the data folder, and start again");
      }
      Files.delete(target);
    }
    Files.createDirectories(target.getParent());
    Files.move(legacy, target, StandardCopyOption.ATOMIC_MOVE);
    LOG.warn("moved the custodial wallet's folder {} to {} (the health-records application's own folder)", legacy, target);
  }

  private static boolean isEmptyFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    }
  }
}
