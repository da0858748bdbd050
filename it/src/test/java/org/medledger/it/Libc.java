package org.medledger.it;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls the chaos harness makes through JNA: joining a network namespace (setns) and
 * a netlink socket to the kernel's netfilter queue ({@link NfQueueDelayAndLoss}). Each throws {@link
 * LastErrorException} carrying errno when the call fails.
 */
interface Libc extends Library {
  Libc C = Native.load("c", Libc.class);

  int AF_NETLINK = 16;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  /** The netlink family of nfnetlink (netfilter's queue, log, conntrack). */
  int NETLINK_NETFILTER = 12;
  int SOL_SOCKET = 1;
  int SO_RCVTIMEO = 20;
  /** SO_RCVBUF past net.core.rmem_max: root only. */
  int SO_RCVBUFFORCE = 33;
  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;
  int EINTR = 4;
  int EAGAIN = 11;
  int ENOBUFS = 105;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int bind(int fd, byte[] address, int length) throws LastErrorException;

  long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

  long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

  int setsockopt(int fd, int level, int option, byte[] value, int length) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;
}
