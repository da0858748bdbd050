package org.medledger.node.application;

import java.util.Objects;

/**
 * A file a portal download answers with. {@code fileName} non-null makes the browser save it
 * ({@code Content-Disposition: attachment}); null shows it in place (an image a page embeds, a
 * receipt a page's script reads).
 */
public record PortalDownload(String contentType, String fileName, byte[] bytes) {
  public PortalDownload {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(bytes, "bytes");
    if (fileName != null && !fileName.matches("[A-Za-z0-9._-]{1,100}")) {
      // It goes into a header: letters, digits, dot, dash and underscore only.
      throw new IllegalArgumentException("a download's file name is 1-100 of A-Z a-z 0-9 . _ -; got '" + fileName + "'");
    }
  }
}
