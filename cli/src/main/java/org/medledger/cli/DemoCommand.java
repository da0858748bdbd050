package org.medledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start the embedded consortium with sample data and serve until Ctrl-C or --duration.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "./medledger-data", description = "data folder (default ${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--port", defaultValue = "8080", description = "API port of the first node (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--p2p-port", defaultValue = "7400", description = "node-to-node port of the first node of a new demo network (default ${DEFAULT-VALUE})")
  int p2pPort;

  @Option(names = "--duration", description = "serve this many seconds, then stop cleanly")
  Long duration;

  @Option(names = "--suite", defaultValue = "intl", description = "crypto suite of a new demo network: intl or gm (default ${DEFAULT-VALUE})")
  String suite;

  @Override
  public Integer call() throws Exception {
    Demo demo = new Demo(data, port, p2pPort, suite, System.out);
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      demo.stop();
      stop.countDown();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      demo.start();
    } catch (Exception e) {
      boolean askedToStop = demo.stopping();
      demo.stop();
      if (askedToStop) {
        // Ctrl-C during the story: the hook stops the nodes; the story's failure is no error.
        System.out.println("demo stopped during its story");
        return 0;
      }
      throw e;
    }
    if (duration != null) {
      System.out.println("serving for " + duration + " s");
      stop.await(duration, TimeUnit.SECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C came as the duration ended: the hook is stopping the demo.
        return 0;
      }
      demo.stop();
      System.out.println("demo stopped cleanly");
    } else {
      System.out.println("serving until Ctrl-C");
      stop.await();
    }
    return 0;
  }
}
