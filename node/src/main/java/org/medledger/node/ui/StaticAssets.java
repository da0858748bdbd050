package org.medledger.node.ui;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portal's style sheet, scripts and vendored htmx, read from the node's jar once and served
 * from memory under {@code /ui/static/}: a fixed list, so no request names a file to read.
 */
final class StaticAssets {
  private static final String BASE = "/org/medledger/node/ui/static/";
  private static final Map<String, String> FILES = Map.of(
      "portal.css", "text/css; charset=utf-8",
      "signin.js", "text/javascript; charset=utf-8",
      "pkcs12.js", "text/javascript; charset=utf-8",
      "receipt-verify.js", "text/javascript; charset=utf-8",
      "sign-statement.js", "text/javascript; charset=utf-8",
      "vendor/htmx-2.0.11/htmx.min.js", "text/javascript; charset=utf-8");

  private record Asset(byte[] bytes, String contentType) {}

  private final Map<String, Asset> assets;

  private StaticAssets(Map<String, Asset> assets) {
    this.assets = assets;
  }

  static StaticAssets load() {
    Map<String, Asset> m = new TreeMap<>();
    FILES.forEach((name, type) -> {
      try (InputStream in = StaticAssets.class.getResourceAsStream(BASE + name)) {
        if (in == null) {
          throw new IllegalStateException("the portal's " + name + " is missing from the node's jar");
        }
        m.put(name, new Asset(in.readAllBytes(), type));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return new StaticAssets(m);
  }

  void mount(Javalin app) {
    assets.forEach((name, asset) -> app.get(Portal.ROOT + "/static/" + name, ctx -> {
      // Versioned in their path (htmx) or small: an hour's caching is safe.
      ctx.header("Cache-Control", "public, max-age=3600");
      ctx.contentType(asset.contentType()).result(asset.bytes());
    }));
  }
}
