package org.medledger.it;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task in one of {@link Netns}'s namespaces without leaving this JVM: on a thread of its
 * own that first joins the namespace with setns(2), which moves only the calling thread. A socket
 * the task opens belongs to that namespace for its whole life, whichever thread uses it later; the
 * thread ends with the task, so no other code of the JVM ever runs in the namespace.
 */
public final class InNamespace {
  private InNamespace() {
  }

  /** {@code task}'s result, computed in the network namespace named {@code ns} (ip netns add). */
  public static <T> T call(String ns, Callable<T> task) throws IOException, InterruptedException {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        join(ns);
        result.set(task.call());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "in-netns-" + ns);
    thread.setDaemon(true);
    thread.start();
    thread.join();
    Throwable t = failure.get();
    if (t instanceof IOException e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IOException("in namespace " + ns + ": " + t, t);
    }
    return result.get();
  }

  private static void join(String ns) throws IOException {
    String path = "/var/run/netns/" + ns;
    int fd;
    try {
      fd = Libc.C.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("open " + path + ": errno " + e.getErrorCode(), e);
    }
    try {
      Libc.C.setns(fd, Libc.CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new IOException("setns into " + ns + ": errno " + e.getErrorCode(), e);
    } finally {
      Libc.C.close(fd);
    }
  }
}
