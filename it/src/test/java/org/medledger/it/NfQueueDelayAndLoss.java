package org.medledger.it;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delay and loss without sch_netem: the userspace end of an NFQUEUE queue in one network
 * namespace. Of the packets an {@code iptables -j NFQUEUE} rule sends to the queue, the loss share
 * is dropped at once (drawn at random per packet) and every other one held for the delay, then
 * accepted; the kernel keeps the packet, this loop sees only its id (copy mode meta). Packets are
 * released in the order they came, all after one delay, so one batch verdict ("accept every id up
 * to N") releases each due run of them.
 *
 * <p>Loss is dropped here rather than by an iptables DROP rule (a {@code -m statistic} match)
 * because a DROP on the output path hands EPERM back to the sending socket: a UDP send fails, and
 * TCP learns at once that its segment went nowhere. A packet dropped by a queue verdict has
 * already left its socket, so, as on a lossy link (and with netem), nobody is told.
 *
 * <p>The netlink socket is opened inside the namespace ({@link InNamespace}): nfnetlink_queue's
 * queues are per namespace. The queue is fail-open, so a packet that finds it full (or finds this
 * socket's buffer full) is accepted rather than lost: this loop adds delay, never loss. A message
 * lost that way still has its packet released, by the next batch verdict past its id.
 */
public final class NfQueueDelayAndLoss implements AutoCloseable {
  private static final int MAX_HELD = 16_384;
  private static final int RECEIVE_BUFFER = 8 << 20;
  private static final int RECEIVE_TIMEOUT_MILLIS = 100;
  private static final int ENOENT = 2;

  private final String ns;
  private final int queue;
  private final long delayNanos;
  private final int lossPercent;
  private final SplittableRandom random = new SplittableRandom();
  private final int fd;
  /** Ids and due times ({@link System#nanoTime}) of packets held, oldest first; guarded by itself. */
  private final ArrayDeque<long[]> held = new ArrayDeque<>();
  private final AtomicLong packets = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong overflows = new AtomicLong();
  private final AtomicLong vanished = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong(1);
  private final Thread reader;
  private final Thread releaser;
  /** Set once the rules sending packets here are gone: read what is left, release it all, end. */
  private volatile boolean draining;
  private volatile boolean readerDone;
  /** The id of the last packet read (0 before any: the kernel numbers them from 1). */
  private volatile long lastSeen;
  private volatile Throwable failure;

  private NfQueueDelayAndLoss(String ns, int queue, long delayMillis, int lossPercent, int fd) {
    this.ns = ns;
    this.queue = queue;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.lossPercent = lossPercent;
    this.fd = fd;
    this.reader = new Thread(this::read, "nfqueue-read-" + ns);
    this.releaser = new Thread(this::release, "nfqueue-release-" + ns);
    reader.setDaemon(true);
    releaser.setDaemon(true);
  }

  /**
   * Binds queue {@code queue} of namespace {@code ns} and starts dropping {@code lossPercent} of
   * the packets sent to it and holding the rest for {@code delayMillis}.
   */
  public static NfQueueDelayAndLoss start(String ns, int queue, long delayMillis, int lossPercent)
      throws IOException, InterruptedException {
    if (delayMillis < 0 || lossPercent < 0 || lossPercent > 100) {
      throw new IllegalArgumentException("delay " + delayMillis + " ms, loss " + lossPercent + "%");
    }
    int fd = InNamespace.call(ns, () -> Libc.C.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
        Libc.NETLINK_NETFILTER));
    NfQueueDelayAndLoss d = new NfQueueDelayAndLoss(ns, queue, delayMillis, lossPercent, fd);
    try {
      // sockaddr_nl: family, padding, port id 0 (the kernel picks one), no multicast groups.
      byte[] address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) Libc.AF_NETLINK).array();
      Libc.C.bind(fd, address, address.length);
      Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, nativeInt(RECEIVE_BUFFER), 4);
      byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(0)
          .putLong(TimeUnit.MILLISECONDS.toMicros(RECEIVE_TIMEOUT_MILLIS)).array();
      Libc.C.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, timeout.length);
      d.configure(NfQueueMessages.bind(d.nextSequence(), queue), "bind queue " + queue);
      d.configure(NfQueueMessages.setUp(d.nextSequence(), queue, MAX_HELD,
          NfQueueMessages.FLAG_FAIL_OPEN | NfQueueMessages.FLAG_GSO), "set up queue " + queue);
    } catch (LastErrorException e) {
      Libc.C.close(fd);
      throw new IOException("netlink queue " + queue + " in " + ns + ": errno " + e.getErrorCode(), e);
    } catch (IOException | RuntimeException e) {
      Libc.C.close(fd);
      throw e;
    }
    d.reader.start();
    d.releaser.start();
    return d;
  }

  /** Packets queued to this loop so far, dropped ones included. */
  public long packets() {
    return packets.get();
  }

  /** Packets dropped so far, the loss share. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Times the socket's buffer overflowed (ENOBUFS): the packets whose messages were lost are
   * released by the next verdict past their ids (or by {@link #close}), late, never dropped.
   */
  public long overflows() {
    return overflows.get();
  }

  /** Whether both threads have ended (after {@link #close}). */
  public boolean ended() {
    return !reader.isAlive() && !releaser.isAlive();
  }

  private int nextSequence() {
    return (int) sequence.getAndIncrement();
  }

  /** Sends a configuration message and reads its acknowledgement (before the threads start). */
  private void configure(byte[] message, String what) throws IOException {
    send(message);
    byte[] buffer = new byte[8192];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int expected = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getInt(8);
    while (System.nanoTime() < deadline) {
      int n = receive(buffer);
      if (n < 0) {
        continue;
      }
      for (NfQueueMessages.Received r : NfQueueMessages.parse(buffer, n)) {
        if (r instanceof NfQueueMessages.Error e && e.sequence() == expected) {
          if (e.errno() != 0) {
            throw new IOException(what + " in " + ns + " refused: errno " + e.errno()
                + (e.errno() == 16 ? " (EBUSY: another process holds this queue)" : ""));
          }
          return;
        }
      }
    }
    throw new IOException(what + " in " + ns + ": no acknowledgement in 10 s");
  }

  /** Bytes received, or -1 on the receive timeout (or an interrupted call). */
  private int receive(byte[] buffer) {
    try {
      return (int) Libc.C.recv(fd, buffer, buffer.length, 0);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Libc.EAGAIN || e.getErrorCode() == Libc.EINTR) {
        return -1;
      }
      if (e.getErrorCode() == Libc.ENOBUFS) {
        overflows.incrementAndGet();
        return -1;
      }
      throw e;
    }
  }

  private void send(byte[] message) {
    Libc.C.send(fd, message, message.length, 0);
  }

  private void read() {
    byte[] buffer = new byte[65_536];
    try {
      while (true) {
        int n = receive(buffer);
        if (n < 0) {
          // A quiet spell after the rules went: nothing is left in the queue for us.
          if (draining) {
            return;
          }
          continue;
        }
        long now = System.nanoTime();
        for (NfQueueMessages.Received r : NfQueueMessages.parse(buffer, n)) {
          if (r instanceof NfQueueMessages.Packet p) {
            packets.incrementAndGet();
            lastSeen = p.id();
            if (random.nextInt(100) < lossPercent) {
              dropped.incrementAndGet();
              send(NfQueueMessages.verdict(nextSequence(), queue, p.id(), NfQueueMessages.NF_DROP));
              continue;
            }
            synchronized (held) {
              held.addLast(new long[] {p.id(), now + delayNanos});
              held.notifyAll();
            }
          } else if (r instanceof NfQueueMessages.Error e && e.errno() == ENOENT) {
            // The verdict's packets were gone already: the kernel flushes a queue's packets when
            // their device goes down. Nothing is held for them any more.
            vanished.incrementAndGet();
          } else if (r instanceof NfQueueMessages.Error e && e.errno() != 0) {
            throw new IllegalStateException("the kernel refused a verdict on queue " + queue + " in " + ns
                + ": errno " + e.errno());
          }
        }
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      readerDone = true;
      synchronized (held) {
        held.notifyAll();
      }
    }
  }

  private void release() {
    try {
      while (true) {
        long last = -1;
        synchronized (held) {
          while (held.isEmpty() && !readerDone) {
            held.wait(RECEIVE_TIMEOUT_MILLIS);
          }
          if (held.isEmpty()) {
            return;
          }
          long wait = held.peekFirst()[1] - System.nanoTime();
          if (wait > 0 && !readerDone) {
            TimeUnit.NANOSECONDS.timedWait(held, wait);
            continue;
          }
          // Due (or the queue is closing): release every packet whose time has come in one verdict.
          long now = System.nanoTime();
          while (!held.isEmpty() && (held.peekFirst()[1] <= now || readerDone)) {
            last = held.pollFirst()[0];
          }
        }
        if (last >= 0) {
          send(NfQueueMessages.verdictUpTo(nextSequence(), queue, last, NfQueueMessages.NF_ACCEPT));
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  /**
   * Ends the loop once no rule sends packets here any more: what is still queued is read and
   * released, the queue unbound and the socket closed. Call it after removing the rules.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    draining = true;
    reader.join(TimeUnit.SECONDS.toMillis(30));
    releaser.join(TimeUnit.SECONDS.toMillis(30));
    try {
      // Unbinding drops what the queue still holds: first accept every packet left, those whose
      // message this socket never received (an overflow) too. Ids grow by one per packet, and a
      // batch verdict covers the half of the id space before its id.
      send(NfQueueMessages.verdictUpTo(nextSequence(), queue, lastSeen + (1L << 30), NfQueueMessages.NF_ACCEPT));
      send(NfQueueMessages.unbind(nextSequence(), queue));
    } catch (LastErrorException e) {
      // The socket's close below unbinds the queue all the same.
    }
    Libc.C.close(fd);
    if (reader.isAlive() || releaser.isAlive()) {
      throw new IOException("the delay loop of " + ns + " did not end in 30 s");
    }
    if (failure != null) {
      throw new IOException("the delay loop of " + ns + " failed: " + failure, failure);
    }
  }

  private static byte[] nativeInt(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
  }
}
