package org.medledger.node.application;

import io.javalin.http.Context;
import java.util.Optional;
import org.medledger.node.auth.Identity;

/**
 * Answers one portal download ({@code GET}): a file rather than a page (CSV, a receipt's JSON, an
 * SVG image). Access and refusals are the portal's as for a page: {@link IllegalArgumentException}
 * is a 400 page naming what was wrong.
 */
@FunctionalInterface
public interface PortalDownloadHandler {
  PortalDownload fetch(Context ctx, Optional<Identity> member) throws Exception;
}
