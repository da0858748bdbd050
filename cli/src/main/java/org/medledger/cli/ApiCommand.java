package org.medledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medledger.node.application.ApiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "api", description = "Call the node's REST API with a token `medledger login` wrote.",
    subcommands = ApiCommand.Get.class)
final class ApiCommand {
  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "GET a path of the API (e.g. /v1/blocks/latest) with the token file's bearer token; prints the JSON answer.")
  static final class Get implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "the API path, e.g. /v1/blocks/latest")
    String path;

    @Option(names = "--token-file", required = true, description = "the file `medledger login` wrote (e.g. <identity>/token)")
    Path tokenFile;

    @Override
    public Integer call() throws Exception {
      if (!path.startsWith("/v1/")) {
        throw new IllegalArgumentException("path '" + path + "' must start with /v1/ (the API's paths, e.g. /v1/blocks/latest)");
      }
      System.out.println(api.client().withToken(TokenFile.read(tokenFile)).get(path.substring(1)).toPrettyString());
      return 0;
    }
  }
}
