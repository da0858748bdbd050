package org.medledger.apps.credentials.node.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPages;

/**
 * The scripts of the credentials pages, read from this module's jar once and served under {@code
 * /ui/credentials/}: the public check's ({@code check.js}); the issuer signs with the portal's
 * shared {@code /ui/static/sign-statement.js} (kind {@code credential}). A fixed list, so no
 * request names a file to read; files, because the portal's Content-Security-Policy runs no
 * inline script.
 */
final class PortalScripts {
  private static final List<String> FILES = List.of("check.js");

  private PortalScripts() {}

  static void register(PortalPages ui) {
    for (String name : FILES) {
      byte[] bytes = read(name);
      ui.download(CredentialsPortal.ROOT + "/" + name, PortalPages.Access.PUBLIC,
          (ctx, member) -> new PortalDownload("text/javascript; charset=utf-8", null, bytes));
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = PortalScripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the credentials portal's " + name + " is missing from its jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
