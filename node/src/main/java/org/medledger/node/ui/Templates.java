package org.medledger.node.ui;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The portal's jte templates, compiled to Java at build time (jte-maven-plugin, src/main/jte):
 * a template error fails the build, and nothing compiles a template while the node runs. Every
 * value a template prints is HTML-escaped for where it stands (text, attribute).
 */
public final class Templates {
  /** The package the node's templates compile to (node/pom.xml, jte-maven-plugin). */
  static final String PACKAGE = "org.medledger.node.ui.jte";
  private final TemplateEngine engine;

  private Templates(TemplateEngine engine) {
    this.engine = engine;
  }

  /** The precompiled templates of {@code packageName}, loaded with {@code owner}'s class loader. */
  public static Templates precompiled(Class<?> owner, String packageName) {
    return new Templates(TemplateEngine.createPrecompiled(null, ContentType.Html, owner.getClassLoader(), packageName));
  }

  static Templates platform() {
    return precompiled(Templates.class, PACKAGE);
  }

  /** {@code name} rendered with its single parameter, as content another template places. */
  public Content content(String name, Object param) {
    return out -> engine.render(name, param, out);
  }

  /** {@code name} rendered with named parameters, as content another template places. */
  public Content content(String name, Map<String, Object> params) {
    return out -> engine.render(name, params, out);
  }

  String render(String name, Map<String, Object> params) {
    StringOutput out = new StringOutput(8192);
    engine.render(name, params, out);
    return out.toString();
  }
}
