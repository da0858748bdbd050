package org.medledger.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over TLS, written by hand, from a chosen loopback source address: what an
 * abusive client controls and an HTTP library hides (a declared length with no body behind it,
 * a header written a byte at a time, a client address of its own so each abuse meets its own
 * rate budget).
 */
final class RawHttps {
  /** What came back: the status (0 when nothing did) and the body as text. */
  record Answer(int status, String head, String body) {
    @Override
    public String toString() {
      return status + " " + (body.length() > 160 ? body.substring(0, 160) + "…" : body);
    }
  }

  private final SSLContext tls;
  private final int port;

  RawHttps(SSLContext tls, int port) {
    this.tls = tls;
    this.port = port;
  }

  /** A TLS connection from {@code source}, its handshake done. */
  SSLSocket open(String source) throws IOException {
    Socket plain = new Socket();
    plain.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
    plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  /**
   * Sends {@code method path} with {@code headers} (each "Name: value"), then {@code body}; a
   * {@code declaredLength} other than null replaces the body's true length in Content-Length.
   */
  Answer send(String source, String method, String path, String bearer, String contentType, byte[] body,
      Long declaredLength, String... headers) throws IOException {
    try (SSLSocket s = open(source)) {
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      if (java.util.Arrays.stream(headers).noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
        head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      }
      head.append("Connection: close\r\n");
      if (bearer != null) {
        head.append("Authorization: Bearer ").append(bearer).append("\r\n");
      }
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      long length = declaredLength != null ? declaredLength : body == null ? 0 : body.length;
      if (body != null || declaredLength != null) {
        head.append("Content-Length: ").append(length).append("\r\n");
      }
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        // The server may answer and close before it takes a body it refuses: read what it said.
      }
      return read(s.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    try {
      int n;
      while (!complete(got) && (n = in.read(buf)) >= 0 && got.size() < (4 << 20)) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException | javax.net.ssl.SSLException e) {
      // What arrived before the timeout or the close is the answer.
    } catch (IOException e) {
      if (got.size() == 0) {
        throw e;
      }
    }
    String text = got.toString(StandardCharsets.UTF_8);
    if (!text.startsWith("HTTP/1.1 ")) {
      return new Answer(0, "", text);
    }
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = unchunk(body);
    }
    return new Answer(Integer.parseInt(text.substring(9, 12)), head, body);
  }

  /**
   * Whether a whole answer arrived: a server that refuses a body before reading it may keep the
   * connection open for the body it expects, so the end of the answer, not of the stream, counts.
   */
  private static boolean complete(java.io.ByteArrayOutputStream got) {
    String text = got.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    int bodyBytes = text.length() - end - 4;
    Matcher length = CONTENT_LENGTH.matcher(head);
    if (length.find()) {
      return bodyBytes >= Long.parseLong(length.group(1));
    }
    if (head.contains("transfer-encoding: chunked")) {
      return text.endsWith("\r\n0\r\n\r\n") || text.substring(end + 4).startsWith("0\r\n\r\n");
    }
    return false; // no length: the body ends with the connection
  }

  private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length:\\s*(\\d+)");

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size;
      try {
        size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int from = eol + 2;
      out.append(chunked, from, Math.min(chunked.length(), from + size));
      i = from + size + 2;
    }
    return out.toString();
  }
}
