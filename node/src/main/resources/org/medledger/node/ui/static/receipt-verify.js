// Checks a receipt (docs/receipts.md) in the browser with WebCrypto, trusting nothing the node
// says but the bytes: the genesis is hashed here from its JSON (the member compares the hash
// shown with the network's published one, or picks her own genesis file), and the receipt's
// proofs, commit certificate (against the set in force at its height: the genesis's, or the one its
// validatorTransitions lead to, walked as core's ValidatorSetWalk does), sender signature and every field are checked against the signed
// bytes it carries, as the Java ReceiptVerifier does (and an insurance EOB receipt, as EobReceiptVerifier does). Suite intl only (ECDSA P-256 / SHA-256):
// browsers have no SM2/SM3. Loaded as a file: the portal's CSP runs no inline script.
(function () {
  'use strict';

  // ---- bytes ----
  function hexToBytes(hex, what) {
    if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-f]*$/.test(hex)) {
      throw new Failure('format', (what || 'a field') + ' is not lower-case hex');
    }
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }
  function hex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += ('0' + bytes[i].toString(16)).slice(-2); }
    return s;
  }
  function concat(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) { n += parts[i].length; }
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  function sha256(bytes) {
    return crypto.subtle.digest('SHA-256', bytes).then(function (d) { return new Uint8Array(d); });
  }

  function Failure(check, message) { this.check = check; this.message = message; }

  // ---- canonical encoding (docs/format.md, Primitives) ----
  function Writer() { this.parts = []; }
  Writer.prototype.u8 = function (v) { this.parts.push(new Uint8Array([v])); return this; };
  Writer.prototype.u32 = function (v) {
    this.parts.push(new Uint8Array([(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255])); return this;
  };
  Writer.prototype.u64 = function (v) {
    var b = new Uint8Array(8), x = BigInt(v);
    for (var i = 7; i >= 0; i--) { b[i] = Number(x & 255n); x >>= 8n; }
    this.parts.push(b); return this;
  };
  Writer.prototype.fixed = function (b) { this.parts.push(b); return this; };
  Writer.prototype.bytes = function (b) { this.u32(b.length); this.parts.push(b); return this; };
  Writer.prototype.string = function (s) { return this.bytes(new TextEncoder().encode(s)); };
  Writer.prototype.done = function () { return concat(this.parts); };

  function Reader(bytes, what) { this.b = bytes; this.at = 0; this.what = what; }
  Reader.prototype.need = function (n) {
    if (this.at + n > this.b.length) { throw new Failure('format', this.what + ' ends early'); }
  };
  Reader.prototype.u8 = function () { this.need(1); return this.b[this.at++]; };
  Reader.prototype.u32 = function () {
    this.need(4); var b = this.b, i = this.at; this.at += 4;
    return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
  };
  Reader.prototype.u64 = function () {
    this.need(8); var x = 0n;
    for (var i = 0; i < 8; i++) { x = (x << 8n) | BigInt(this.b[this.at + i]); }
    this.at += 8; return x;
  };
  Reader.prototype.fixed = function (n) { this.need(n); var v = this.b.slice(this.at, this.at + n); this.at += n; return v; };
  Reader.prototype.bytes = function () { return this.fixed(this.u32()); };
  Reader.prototype.string = function () { return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes()); };
  Reader.prototype.end = function () {
    if (this.at !== this.b.length) { throw new Failure('format', this.what + ' has bytes after its end'); }
  };

  // ---- DER: just enough to take a certificate apart ----
  function der(bytes, at) {
    var tag = bytes[at], len = bytes[at + 1], head = 2;
    if (len & 0x80) {
      var n = len & 0x7f; len = 0;
      for (var i = 0; i < n; i++) { len = len * 256 + bytes[at + 2 + i]; }
      head = 2 + n;
    }
    if (at + head + len > bytes.length) { throw new Failure('format', 'a certificate is cut short'); }
    return { tag: tag, start: at, body: at + head, end: at + head + len };
  }
  function children(bytes, node) {
    var out = [], at = node.body;
    while (at < node.end) { var c = der(bytes, at); out.push(c); at = c.end; }
    return out;
  }
  function certificateParts(certDer) {
    var cert = der(certDer, 0);
    var top = children(certDer, cert);
    var tbs = top[0], fields = children(certDer, tbs);
    var i = fields[0].tag === 0xa0 ? 1 : 0; // [0] version
    var validity = children(certDer, fields[i + 3]);
    var sig = top[2];
    var spki = fields[i + 5];
    var extensions = fields.filter(function (f) { return f.tag === 0xa3; })[0];
    return {
      tbs: certDer.slice(tbs.start, tbs.end),
      spki: certDer.slice(spki.start, spki.end),
      spkiAlgorithm: certDer.slice(children(certDer, spki)[0].start, children(certDer, spki)[0].end),
      notBefore: derTime(certDer, validity[0]),
      notAfter: derTime(certDer, validity[1]),
      issuer: x500Name(certDer, fields[i + 2]),
      subject: x500Name(certDer, fields[i + 4]),
      signatureAlgorithm: certDer.slice(top[1].start, top[1].end),
      tbsSignatureAlgorithm: certDer.slice(fields[i + 1].start, fields[i + 1].end),
      extensions: extensions ? extensionsOf(certDer, extensions) : {},
      signature: certDer.slice(sig.body + 1, sig.end) // BIT STRING: skip the unused-bits byte
    };
  }
  function oidText(bytes, node) {
    var out = [], v = 0, first = true;
    for (var i = node.body; i < node.end; i++) {
      v = v * 128 + (bytes[i] & 0x7f);
      if (!(bytes[i] & 0x80)) {
        if (first) { out.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80); first = false; } else { out.push(v); }
        v = 0;
      }
    }
    return out.join('.');
  }
  // Extensions by OID: {critical, value (the OCTET STRING's contents)}.
  function extensionsOf(bytes, node) {
    var out = {};
    children(bytes, children(bytes, node)[0]).forEach(function (e) {
      var parts = children(bytes, e), last = parts[parts.length - 1];
      out[oidText(bytes, parts[0])] = bytes.slice(last.body, last.end);
    });
    return out;
  }
  // RFC 5280 4.2.1.9: a CA when basicConstraints says cA TRUE (as X509Certificate.getBasicConstraints() >= 0).
  function isCa(parts) {
    var v = parts.extensions['2.5.29.19'];
    if (!v) { return false; }
    var items = children(v, der(v, 0));
    return items.length > 0 && items[0].tag === 0x01 && v[items[0].body] !== 0;
  }
  // RFC 5280 4.2.1.3: keyCertSign is bit 5 of keyUsage (no extension: any use).
  function allowsKeyCertSign(parts) {
    var v = parts.extensions['2.5.29.15'];
    if (!v) { return true; }
    var bits = der(v, 0);
    return bits.end - bits.body > 1 && (v[bits.body + 1] & 0x04) !== 0;
  }
  // ---- X.500 names: the attributes TrustAnchors reads (O, OU, CN), the RFC 2253 text Java prints, and the
  // comparison X500Principal.CANONICAL makes (case and inner spaces folded) ----
  var NAME_KEYWORDS = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
    '2.5.4.9': 'STREET', '0.9.2342.19200300.100.1.25': 'DC', '0.9.2342.19200300.100.1.1': 'UID' };
  function x500Name(bytes, node) {
    return children(bytes, node).map(function (rdn) {
      return children(bytes, rdn).map(function (atv) {
        var tv = children(bytes, atv), raw = bytes.slice(tv[1].body, tv[1].end), value;
        if (tv[1].tag === 0x1e) {
          value = '';
          for (var k = 0; k + 1 < raw.length; k += 2) { value += String.fromCharCode(raw[k] * 256 + raw[k + 1]); }
        } else {
          value = tv[1].tag === 0x0c ? new TextDecoder().decode(raw) : String.fromCharCode.apply(null, raw);
        }
        return { type: oidText(bytes, tv[0]), value: value, encoded: bytes.slice(tv[1].start, tv[1].end) };
      });
    });
  }
  function escapeRdnValue(v) {
    var s = v.replace(/[,+"\\<>;=]/g, function (c) { return '\\' + c; });
    if (/^[ #]/.test(s)) { s = '\\' + s; }
    if (/ $/.test(s) && s.length > 1) { s = s.slice(0, -1) + '\\ '; }
    return s;
  }
  function rfc2253(name) {
    return name.slice().reverse().map(function (rdn) {
      return rdn.map(function (a) {
        return NAME_KEYWORDS[a.type] ? NAME_KEYWORDS[a.type] + '=' + escapeRdnValue(a.value) : a.type + '=#' + hex(a.encoded);
      }).join('+');
    }).join(',');
  }
  function canonicalName(name) {
    return rfc2253(name.map(function (rdn) {
      return rdn.map(function (a) { return { type: a.type, value: a.value.trim().replace(/\s+/g, ' ').toLowerCase(), encoded: a.encoded }; });
    }));
  }
  /** The one value of {@code keyword} in the name, or null when it has none or several (Names.attribute). */
  function attribute(name, keyword) {
    var found = [];
    name.forEach(function (rdn) { rdn.forEach(function (a) { if (NAME_KEYWORDS[a.type] === keyword) { found.push(a.value); } }); });
    return found.length === 1 ? escapeRdnValue(found[0]) : null;
  }
  // Instant.toString of a certificate's time: whole seconds print no fraction.
  function instant(millis) {
    return new Date(millis).toISOString().replace('.000Z', 'Z');
  }

  // ---- the consortium's CAs (crypto's TrustAnchors, built as Membership.anchorsOf builds it): each
  // organisation's CA names it, is a self-signed CA; a member certificate is checked against them ----
  var EC_P256_SPKI_ALGORITHM = '301306072a8648ce3d020106082a8648ce3d030107';
  var ECDSA_SHA256 = '300a06082a8648ce3d040302';

  /** Resolves to the anchors of these organisations ({name, pem, roles[]}), or rejects with the reason Java gives. */
  function anchorsOf(organisations, revoked) {
    var parsed = organisations.map(function (o) {
      var d = pemToDer(o.pem), parts = certificateParts(d);
      var named = attribute(parts.subject, 'O');
      if (o.name !== named) { throw new Error('organisation ' + o.name + ' is given a CA certificate of \'' + named + '\''); }
      return { organisation: o.name, der: d, parts: parts, roles: o.roles };
    });
    var bySubject = {}, byOrganisation = {};
    return Promise.all(parsed.map(function (a) {
      var org = a.organisation;
      if (!isCa(a.parts)) { throw new Error('certificate of ' + org + ' given as CA is not a CA certificate'); }
      if (!allowsKeyCertSign(a.parts)) { throw new Error('CA certificate of ' + org + ' does not allow keyCertSign'); }
      if (hex(a.parts.spkiAlgorithm) !== EC_P256_SPKI_ALGORITHM) { throw new Error('CA certificate of ' + org + ' has no ECDSA-P256-SHA256 key'); }
      return Promise.all([sha256(a.der), signatureProblem(a.parts, a.parts.spki)]).then(function (both) {
        if (canonicalName(a.parts.issuer) !== canonicalName(a.parts.subject) || both[1]) {
          throw new Error('CA certificate of ' + org + ' is not validly self-signed with SHA256withECDSA');
        }
        a.id = hex(both[0]);
      });
    })).then(function () {
      parsed.forEach(function (a) {
        if (byOrganisation[a.organisation]) { throw new Error('two CA certificates for organisation ' + a.organisation); }
        var subject = canonicalName(a.parts.subject);
        if (bySubject[subject]) { throw new Error('two CA certificates named \'' + rfc2253(a.parts.subject) + '\''); }
        bySubject[subject] = a;
        byOrganisation[a.organisation] = a;
      });
      return { bySubject: bySubject, revoked: revoked };
    });
  }

  /** Null when {@code parts} is signed with SHA256withECDSA, named so inside and outside its signed part, by {@code spki}'s key. */
  function signatureProblem(parts, spki) {
    if (hex(parts.signatureAlgorithm) !== ECDSA_SHA256 || !equal(parts.signatureAlgorithm, parts.tbsSignatureAlgorithm)) {
      return Promise.resolve('is not signed with SHA256withECDSA as required by');
    }
    return ecdsaVerify(spki, parts.signature, parts.tbs).then(function (v) { return v ? null : 'is not signed by'; });
  }

  /**
   * TrustAnchors.check: resolves to {organisation, role} when a CA of {@code anchors} issued the
   * certificate to a member of its organisation, with a role it may hold, valid at {@code at},
   * neither it nor its CA revoked; otherwise to {invalid: the reason, worded as Java's}.
   */
  function checkCertificate(anchors, parts, id, at) {
    function invalid(reason) { return { invalid: reason }; }
    var ca = anchors.bySubject[canonicalName(parts.issuer)];
    if (!ca) { return Promise.resolve(invalid('issuer \'' + rfc2253(parts.issuer) + '\' is not a consortium CA')); }
    return signatureProblem(parts, ca.parts.spki).then(function (problem) {
      var cert = 'certificate ' + id;
      if (problem) { return invalid(cert + ' ' + problem + ' the CA of ' + ca.organisation); }
      if (isCa(parts)) { return invalid(cert + ' is a CA certificate, not a member\'s'); }
      var org = attribute(parts.subject, 'O');
      if (ca.organisation !== org) {
        return invalid(cert + ' names organisation \'' + org + '\' but was issued by the CA of ' + ca.organisation);
      }
      var cn = attribute(parts.subject, 'CN');
      if (cn === null || cn.trim() === '') { return invalid(cert + ' names no holder (CN=)'); }
      var ou = attribute(parts.subject, 'OU');
      var role = ou === null ? -1 : ROLE_ORDER.indexOf(ou.toLowerCase());
      if (role < 0) { return invalid(cert + ': unknown role \'' + ou + '\''); }
      var granted = ca.roles.map(function (r) { return r.toLowerCase(); });
      if (granted.indexOf(ROLE_ORDER[role]) < 0) {
        var sorted = ROLE_ORDER.filter(function (r) { return granted.indexOf(r) >= 0; });
        return invalid(cert + ' carries the role \'' + ROLE_ORDER[role] + '\', which the genesis does not let ' + org
          + ' hold (it may hold: ' + sorted.join(', ') + ')');
      }
      if (hex(parts.spkiAlgorithm) !== EC_P256_SPKI_ALGORITHM) { return invalid(cert + ' carries no ECDSA-P256-SHA256 key'); }
      if (anchors.revoked.indexOf(ca.id) >= 0) { return invalid('the CA certificate ' + ca.id + ' of ' + ca.organisation + ' is revoked'); }
      if (at < ca.parts.notBefore) { return invalid('the CA certificate of ' + ca.organisation + ' is not valid before ' + instant(ca.parts.notBefore)); }
      if (at > ca.parts.notAfter) { return invalid('the CA certificate of ' + ca.organisation + ' expired at ' + instant(ca.parts.notAfter)); }
      if (at < parts.notBefore) { return invalid(cert + ' is not valid before ' + instant(parts.notBefore)); }
      if (at > parts.notAfter) { return invalid(cert + ' expired at ' + instant(parts.notAfter)); }
      if (anchors.revoked.indexOf(id) >= 0) { return invalid(cert + ' is revoked'); }
      return { organisation: ca.organisation, role: ROLE_ORDER[role] };
    });
  }
  function derTime(bytes, node) {
    var s = new TextDecoder().decode(bytes.slice(node.body, node.end));
    var year = node.tag === 0x17 ? 2000 + Number(s.substr(0, 2)) - (Number(s.substr(0, 2)) >= 50 ? 100 : 0) : Number(s.substr(0, 4));
    var r = node.tag === 0x17 ? s.substr(2) : s.substr(4);
    return Date.UTC(year, Number(r.substr(0, 2)) - 1, Number(r.substr(2, 2)), Number(r.substr(4, 2)),
      Number(r.substr(6, 2)), Number(r.substr(8, 2)));
  }
  function pemToDer(pem) {
    var m = String(pem).match(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/);
    if (!m) { throw new Failure('format', 'the genesis holds a certificate that is not PEM'); }
    var bin = atob(m[1].replace(/\s+/g, ''));
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  // DER ECDSA signature (SEQUENCE of two INTEGERs) to WebCrypto's r || s.
  function p1363(sigDer) {
    var seq = der(sigDer, 0), ints = children(sigDer, seq);
    if (seq.end !== sigDer.length || ints.length !== 2) { return null; }
    var out = new Uint8Array(64);
    for (var k = 0; k < 2; k++) {
      var v = sigDer.slice(ints[k].body, ints[k].end);
      while (v.length > 32 && v[0] === 0) { v = v.slice(1); }
      if (v.length > 32) { return null; }
      out.set(v, 32 * (k + 1) - v.length);
    }
    return out;
  }
  function ecdsaVerify(spki, sigDer, message) {
    var sig;
    try { sig = p1363(sigDer); } catch (e) { sig = null; }
    if (!sig) { return Promise.resolve(false); }
    return crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'])
      .then(function (key) { return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, message); })
      .catch(function () { return false; });
  }

  // ---- the genesis (docs/format.md, Genesis): its canonical bytes, hashed here ----
  var ROLE_ORDER = ['admin', 'clinician', 'patient', 'regulator', 'insurer', 'maker', 'distributor', 'pharmacy', 'node', 'sponsor'];
  function genesisBytes(g) {
    var w = new Writer().string('medledger/genesis/v3').string(g.chainId).string(g.suite).u64(g.timestamp);
    w.u32(g.organisations.length);
    g.organisations.forEach(function (o) {
      var roles = o.roles.slice().sort(function (a, b) { return ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b); });
      w.string(o.name).string(o.caCertificate).string(roles.join(','));
    });
    w.u32(g.validators.length);
    g.validators.forEach(function (v) {
      w.string(v.organisation).string(v.name).string(v.nodeCertificate).bytes(hexToBytes(v.encryptionKeyCertificate, 'encryptionKeyCertificate'));
    });
    var revoked = g.revokedCertificates || [];
    w.u32(revoked.length);
    revoked.forEach(function (r) { w.string(r); });
    var p = g.parameters || { maxTransactionBytes: 1048576, maxBlockTransactions: 10000, blockIntervalMillis: 200, timestampToleranceMillis: 600000 };
    w.u32(p.maxTransactionBytes).u32(p.maxBlockTransactions).u64(p.blockIntervalMillis).u64(p.timestampToleranceMillis);
    if (g.applications) {
      var apps = g.applications.slice().sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
      w.string('applications').u32(apps.length);
      apps.forEach(function (a) { w.string(a.name).u32(a.version); });
    }
    if (g.registeredCertificates && g.registeredCertificates.length) {
      w.string('registeredCertificates').u32(g.registeredCertificates.length);
      g.registeredCertificates.forEach(function (pem) { w.string(pem); });
    }
    if (g.governance) {
      // GovernanceRules.DEFAULTS for a field left out, as GenesisJson reads it.
      var gov = g.governance;
      w.string('governance').string(threshold(gov.memberChanges, '>1/2')).string(threshold(gov.validatorChanges, '>=2/3'))
        .u64(gov.votingPeriodBlocks === undefined ? 1000 : gov.votingPeriodBlocks)
        .u64(gov.activationDelayBlocks === undefined ? 2 : gov.activationDelayBlocks);
    }
    // The version the chain starts at: 1 is the field's absence, so only a later one has bytes (Genesis#encode).
    if (g.protocolVersion !== undefined && g.protocolVersion !== 1) {
      var version = g.protocolVersion;
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > 2147483647) {
        throw new Failure('genesis', "the genesis's 'protocolVersion' must be a whole number from 1, got "
          + JSON.stringify(version));
      }
      w.string('protocolVersion').u32(version);
    }
    return w.done();
  }
  // A threshold as Threshold.toString writes it (">1/2", ">=2/3"), whatever spaces the file has.
  function threshold(text, byDefault) {
    if (text === undefined) { return byDefault; }
    var m = /^(>=|>)([0-9]{1,3})\/([0-9]{1,3})$/.exec(String(text).trim());
    if (!m) { throw new Failure('genesis', "the genesis's governance threshold '" + text + "' must read >n/d or >=n/d"); }
    return m[1] + Number(m[2]) + '/' + Number(m[3]);
  }

  /** The genesis as a verifier needs it: its hash, signing chain id, validators' keys by certificate id, CAs. */
  function loadGenesis(g) {
    if (g.suite !== 'intl') {
      return Promise.reject(new Failure('hashAlgorithm', 'this network uses suite ' + g.suite + ' (SM2/SM3), which browsers cannot check: use medledger verify'));
    }
    var revoked = g.revokedCertificates || [];
    return sha256(genesisBytes(g)).then(function (gh) {
      var anchors = anchorsOf(g.organisations.map(function (o) { return { name: o.name, pem: o.caCertificate, roles: o.roles }; }), revoked)
        .catch(function (e) { throw new Failure('genesis', 'the genesis\'s organisations: ' + (e && e.message)); });
      var validators = validatorSet(1, g.validators.map(function (v) { return { name: v.name, pem: v.nodeCertificate }; }));
      return Promise.all([anchors, validators]).then(function (both) {
        return {
          chainId: g.chainId, hash: hex(gh), signingChainId: g.chainId + '/' + hex(gh), validators: both[1],
          governed: !!g.governance, anchors: both[0], revoked: revoked
        };
      });
    });
  }

  /** A validator set in force from {@code effectiveAt}: keys by certificate id, its size and quorum (Quorum.size). */
  function validatorSet(effectiveAt, entries) {
    var byId = {};
    return Promise.all(entries.map(function (v) {
      var d = pemToDer(v.pem);
      return sha256(d).then(function (id) { byId[hex(id)] = { name: v.name, spki: certificateParts(d).spki }; });
    })).then(function () {
      var n = entries.length, f = Math.floor((n - 1) / 3);
      return { effectiveAt: effectiveAt, byId: byId, count: n, quorum: Math.floor((n + f) / 2) + 1 };
    });
  }

  // ---- the receipt's signed parts ----
  function readHeader(bytes) {
    var r = new Reader(bytes, 'signedHeader.encoded');
    var h = {};
    h.version = r.u8(); h.chainId = r.string(); h.height = Number(r.u64()); h.previousHash = hex(r.fixed(32));
    h.txRoot = hex(r.fixed(32)); h.txCount = r.u32(); h.stateRoot = hex(r.fixed(32)); h.logRoot = hex(r.fixed(32));
    h.logSize = Number(r.u64()); h.timestamp = Number(r.u64()); h.proposer = hex(r.fixed(32));
    var headerBytes = bytes.slice(0, r.at);
    var c = { round: r.u32(), seals: [] };
    var count = r.u32();
    for (var i = 0; i < count; i++) { c.seals.push({ validator: hex(r.fixed(32)), signature: r.bytes() }); }
    r.end();
    return { header: h, headerBytes: headerBytes, certificate: c };
  }
  function readTransaction(bytes) {
    var r = new Reader(bytes, 'transaction.encoded');
    var t = {};
    t.version = r.u8(); t.suite = r.string(); t.chainId = r.string(); t.sender = hex(r.fixed(32));
    t.nonce = r.u64().toString(); t.timestamp = Number(r.u64()); t.contract = r.string(); t.method = r.string();
    var n = r.u32(); t.args = {};
    for (var i = 0; i < n; i++) { var k = r.string(); t.args[k] = r.string(); }
    t.payload = bytes.slice(0, r.at);
    t.signature = r.bytes();
    r.end();
    return t;
  }
  function logEntry(txId, outcome) {
    if (!outcome || typeof outcome.success !== 'boolean' || typeof outcome.code !== 'string') {
      throw new Failure('format', "the receipt's outcome needs success (true or false) and code");
    }
    return new Writer().fixed(txId).u8(outcome.success ? 1 : 0).string(outcome.code).string(outcome.message || '').done();
  }

  // RFC 9162 §2.1.3.2: the root an inclusion proof leads to.
  function rootFromInclusion(index, size, leaf, path) {
    if (index >= size) { return Promise.reject(new Failure('auditPath', 'leaf index ' + index + ' is not below the tree size ' + size)); }
    var fn = index, sn = size - 1, r = Promise.resolve(leaf), k = 0;
    function node(a, b) { return sha256(concat([new Uint8Array([1]), a, b])); }
    for (var i = 0; i < path.length; i++) {
      (function (p) {
        if (p.length !== 32) { throw new Failure('auditPath', 'an audit path element is not one hash long'); }
        if (sn === 0) { throw new Failure('auditPath', 'the audit path is longer than the tree allows'); }
        if (fn % 2 === 1 || fn === sn) {
          r = r.then(function (x) { return node(p, x); });
          if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); } }
        } else {
          r = r.then(function (x) { return node(x, p); });
        }
        fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); k++;
      }(path[i]));
    }
    if (sn !== 0) { return Promise.reject(new Failure('auditPath', 'the audit path is shorter than the tree needs')); }
    return r;
  }

  function bit(hash, d) { return (hash[d >> 3] >> (7 - (d & 7))) & 1; }

  // ---- the checks, in docs/receipts.md's order ----
  function verify(receipt, genesis) {
    var checked = [];
    function ok(check, text) { checked.push({ check: check, ok: true, text: text }); }
    return Promise.resolve().then(function () {
      if (!receipt || (receipt.kind !== 'transaction' && receipt.kind !== 'state')) {
        throw new Failure('kind', "receipt kind '" + (receipt && receipt.kind) + "' is not 'transaction' or 'state'");
      }
      if (receipt.hashAlgorithm !== 'SHA-256') {
        throw new Failure('hashAlgorithm', 'receipt uses ' + receipt.hashAlgorithm + ' but the genesis suite hashes with SHA-256');
      }
      ok('hashAlgorithm', 'SHA-256, the genesis suite\u2019s hash');
      var sh = readHeader(hexToBytes(receipt.signedHeader && receipt.signedHeader.encoded, 'signedHeader.encoded'));
      return sha256(sh.headerBytes).then(function (blockHash) {
        var proof = receipt.kind === 'transaction' ? transactionProof(receipt, sh, ok) : stateProof(receipt, sh, ok);
        var walked;
        return proof.then(function (found) {
          return walk(receipt.validatorTransitions, sh.header.height, genesis, ok).then(function (w) {
            walked = w;
            return certificate(sh, blockHash, genesis, w, ok);
          }).then(function () {
            if (!found.transaction) { return null; }
            var membership = readMembership(receipt);
            var pinned = membership ? membershipHeader(membership, sh.header, receipt.leafIndex, genesis, walked) : Promise.resolve();
            return pinned.then(function () {
              return senderSignature(receipt, found.transaction, genesis, ok, membership);
            }).then(function (document) {
              if (document) { found.expected.senderMembership = document; }
            });
          }).then(function () { return found.expected; });
        }).then(function (expected) {
          expected.signedHeader = headerDocument(sh, blockHash, receipt.signedHeader.encoded);
          if (walked.documents.length) { expected.validatorTransitions = walked.documents; }
          var diff = firstDifference(expected, receipt, '');
          if (diff !== null) {
            throw new Failure('document', "field '" + diff + "' is not what the receipt's signed contents say");
          }
          ok('document', 'every field is what the signed header' + (receipt.kind === 'transaction' ? ', the transaction' : '')
            + ' and the proof say');
          return { verified: true, checked: checked, height: sh.header.height, blockHash: hex(blockHash) };
        });
      });
    }).catch(function (e) {
      if (e instanceof Failure) { return { verified: false, check: e.check, message: e.message, checked: checked }; }
      return { verified: false, check: 'format', message: 'the receipt is malformed: ' + (e && e.message), checked: checked };
    });
  }

  function transactionProof(r, sh, ok) {
    var t = readTransaction(hexToBytes(r.transaction && r.transaction.encoded, 'transaction.encoded'));
    return sha256(t.payload).then(function (txId) {
      var entry = logEntry(txId, r.outcome);
      var path = (r.auditPath || []).map(function (p) { return hexToBytes(p, 'auditPath'); });
      return sha256(concat([new Uint8Array([0]), entry])).then(function (leaf) {
        return rootFromInclusion(r.leafIndex, r.treeSize, leaf, path).then(function (root) {
          if (hex(root) !== sh.header.logRoot || sh.header.logSize !== r.treeSize) {
            throw new Failure('auditPath', 'the audit path of leaf ' + r.leafIndex + ' in a log of ' + r.treeSize + ' leads to '
              + hex(root) + ', not to the header\u2019s log root (log size ' + sh.header.logSize
              + '): the transaction, its outcome or the path is not what the log holds');
          }
          ok('auditPath', 'transaction ' + hex(txId).slice(0, 16) + '\u2026 with outcome "' + r.outcome.code
            + '" is leaf ' + r.leafIndex + ' of the log of ' + r.treeSize + ' under the header\u2019s log root');
          var outcome = { success: r.outcome.success, code: r.outcome.code };
          if (r.outcome.message) { outcome.message = r.outcome.message; }
          var expected = {
            kind: 'transaction', txId: hex(txId), hashAlgorithm: 'SHA-256', leafIndex: r.leafIndex, treeSize: r.treeSize,
            leafHash: hex(leaf), auditPath: r.auditPath, rootHash: sh.header.logRoot, logEntry: hex(entry),
            transaction: {
              txId: hex(txId), suite: t.suite, chainId: t.chainId, sender: t.sender, nonce: t.nonce, timestamp: t.timestamp,
              contract: t.contract, method: t.method, args: t.args, signature: hex(t.signature), encoded: r.transaction.encoded
            },
            senderCertificate: r.senderCertificate
          };
          // In ReceiptDocuments' order, so the first field that differs is the one Java names.
          if (r.senderMembership !== undefined) { expected.senderMembership = null; }
          expected.outcome = outcome;
          return { transaction: t, expected: expected };
        });
      });
    });
  }

  // Step 4 (SenderSignature): the sender's certificate is the one the transaction names, and a
  // genesis organisation's CA vouches for it (TrustAnchors: its issuer, organisation, a role the
  // genesis grants it, valid at the transaction's time, not revoked in the genesis) or, for a
  // member voted in later, a CA of the member list the receipt proves under the state root of the
  // block that includes the transaction; the transaction's signature verifies with its key.
  // Reasons as Java's, so a receipt fails here and in medledger verify alike.
  function senderSignature(r, t, g, ok, membership) {
    function refuse(text) { throw new Failure('signature', text); }
    if (r.senderCertificate === null || r.senderCertificate === undefined) {
      return Promise.reject(new Failure('signature', 'the receipt carries no certificate of the sender ' + t.sender
        + ', so its signature cannot be checked'));
    }
    var certDer = hexToBytes(r.senderCertificate, 'senderCertificate'), parts;
    try {
      parts = certificateParts(certDer);
    } catch (e) {
      return Promise.reject(new Failure('signature', 'senderCertificate is not an X.509 certificate: ' + (e && e.message)));
    }
    var id, proven = null;
    return sha256(certDer).then(function (digest) {
      id = hex(digest);
      if (id !== t.sender) { refuse('senderCertificate (id ' + id + ') is not the transaction\'s sender ' + t.sender); }
      return checkCertificate(g.anchors, parts, id, t.timestamp);
    }).then(function (check) {
      if (!membership) { return check; }
      if (!check.invalid) {
        refuse('senderMembership is given, but a genesis CA already vouches for the sender\'s certificate:'
          + ' a receipt carries it only for a sender the genesis\'s CAs do not');
      }
      return provenMembers(membership, g).then(function (list) {
        proven = list;
        return checkCertificate(list.anchors, parts, id, t.timestamp);
      }).then(function (against) {
        if (against.invalid) {
          refuse('the sender\'s certificate, against the member organisations the ledger held after block '
            + membership.sh.header.height + ': ' + against.invalid);
        }
        return against;
      });
    }).then(function (check) {
      if (check.invalid) { refuse('the sender\'s certificate: ' + check.invalid); }
      return ecdsaVerify(parts.spki, t.signature, t.payload).then(function (v) {
        if (!v) { refuse('the transaction\'s signature does not verify with its sender\'s certificate key'); }
        if (proven) {
          ok('senderMembership', check.organisation + ' was a member after block ' + membership.sh.header.height
            + ' (the block that includes the transaction): the ledger\'s list of ' + proven.count
            + ' member organisations, proven under that block\'s sealed state root');
        }
        ok('signature', 'signed by the sender, whose certificate ' + check.organisation + '\u2019s CA issued for the role ' + check.role
          + (proven ? ' (' + check.organisation + ' a member by the proven list, not the genesis)' : ''));
        return proven ? proven.document : null;
      });
    });
  }

  // ---- sender membership (docs/format.md, "Sender membership"): the state receipt of the
  // ledger's member organisations after block B, the block that includes the transaction ----
  var MEMBERS_KEY = 'governance/consortium/organisations';

  /** The receipt's senderMembership read (as ReceiptVerifier does), or null when it has none. */
  function readMembership(r) {
    if (r.senderMembership === undefined) { return null; }
    var m = r.senderMembership;
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      throw new Failure('format', "the receipt is malformed: 'senderMembership' must be a state receipt");
    }
    var sh = readHeader(hexToBytes(m.signedHeader && m.signedHeader.encoded, 'signedHeader.encoded'));
    // As ReceiptVerifier reads a proof: present when it carries a value; a 'present' field saying
    // otherwise is then caught by the document check.
    return { receipt: Object.assign({}, m, { present: m.value !== undefined && m.value !== null }), sh: sh };
  }

  /**
   * Block B must be at or before the receipt's block, be the block that appended the
   * transaction's leaf, and be sealed by the set the walk holds in force at its height.
   */
  function membershipHeader(membership, receiptHeader, leafIndex, g, walked) {
    var b = membership.sh.header;
    function refuse(text) { return Promise.reject(new Failure('senderMembership', text)); }
    if (b.height > receiptHeader.height) {
      return refuse('it is proven under block ' + b.height + ', past the receipt\'s block ' + receiptHeader.height);
    }
    // Every transaction of a block is one leaf of the log, so block B appended exactly the leaves
    // [logSize - txCount, logSize): the transaction's leaf among them makes B its block.
    if (leafIndex >= b.logSize || leafIndex < b.logSize - b.txCount) {
      return refuse('it is proven under block ' + b.height + ', which appended leaves ' + (b.logSize - b.txCount) + ' to '
        + (b.logSize - 1) + ' of the log, not the transaction\'s leaf ' + leafIndex + ': it must be the block that includes the transaction');
    }
    return sha256(membership.sh.headerBytes).then(function (blockHash) {
      membership.blockHash = blockHash;
      return sealProblem(membership.sh, blockHash, g, walked.inForceAt(b.height));
    }).then(function (problem) {
      if (problem) { throw new Failure('senderMembership', 'block ' + b.height + ' is not sealed by the validators in force then: ' + problem); }
    });
  }

  /** Resolves to the proven list's anchors, size and document, or rejects naming what did not hold (check signature). */
  function provenMembers(membership, g) {
    var r = membership.receipt, h = membership.sh.header;
    function refuse(text) { return Promise.reject(new Failure('signature', 'senderMembership: ' + text)); }
    if (!g.governed) { return refuse('the genesis has no \'governance\' field, so its organisations never change'); }
    var key = hex(new TextEncoder().encode('governance\u0000consortium/organisations'));
    if (r.key !== key) {
      return refuse('it proves another state key than ' + MEMBERS_KEY + ', the ledger\'s list of member organisations');
    }
    if (!r.present) {
      return refuse('the state of block ' + h.height + ' is shown holding no list of member organisations'
        + ' (the genesis\'s are the members, and none of their CAs vouches for the sender)');
    }
    var leads = 'the state proof does not lead to block ' + h.height + '\'s state root: ';
    return provenRoot(r, hexToBytes(key)).catch(function (e) {
      throw new Failure('signature', 'senderMembership: ' + leads + (e && e.message));
    }).then(function (proven) {
      if (proven.root !== h.stateRoot) { return refuse(leads + 'the proof leads to state root ' + proven.root + ', not ' + h.stateRoot); }
      var list;
      try {
        list = organisationList(hexToBytes(r.value, 'value'));
      } catch (e) {
        return refuse('the proven value is not a list of member organisations: ' + (e && e.message));
      }
      return anchorsOf(list, g.revoked).then(function (anchors) {
        var document = stateDocument(r, membership.sh, proven.keyHash);
        document.signedHeader = headerDocument(membership.sh, membership.blockHash, r.signedHeader.encoded);
        return { anchors: anchors, count: list.length, document: document };
      }, function (e) {
        return refuse('the proven value is not a list of member organisations: ' + (e && e.message));
      });
    });
  }

  // LedgerOrganisations (docs/format.md): "medledger/organisations/v1", u32 count, then each
  // organisation's name, CA certificate PEM and roles ("admin,clinician").
  function organisationList(bytes) {
    var r = new Reader(bytes, 'the organisation list');
    if (r.string() !== 'medledger/organisations/v1') { throw new Error('organisations: not a medledger/organisations/v1 list'); }
    var n = r.u32();
    if (n > 1000) { throw new Error('organisations: more than 1000'); }
    var out = [];
    for (var i = 0; i < n; i++) {
      var name = r.string(), pem = r.string();
      var roles = r.string().split(',').map(function (x) { return x.trim(); }).filter(function (x) { return x !== ''; });
      roles.forEach(function (x) {
        if (ROLE_ORDER.indexOf(x.toLowerCase()) < 0) { throw new Error('roles of organisation ' + name + ': unknown role \'' + x + '\''); }
      });
      out.push({ name: name, pem: pem, roles: roles });
    }
    r.end();
    return out;
  }

  function stateProof(r, sh, ok) {
    var key = hexToBytes(r.key, 'key');
    var sys = new TextEncoder().encode('sys\u0000');
    if (key.length >= sys.length && equal(key.slice(0, sys.length), sys)) {
      return Promise.reject(new Failure('stateProof', 'key ' + r.key + ' is in the ledger\u2019s own \u2018sys\u2019 namespace, which the state tree does not hold'));
    }
    return provenRoot(r, key).then(function (proven) {
      if (proven.root !== sh.header.stateRoot) {
        throw new Failure('stateProof', 'the proof leads to ' + proven.root + ', not to the header\u2019s state root ' + sh.header.stateRoot);
      }
      ok('stateProof', 'the key ' + (r.present ? 'held this value' : 'was absent') + ' in the state tree under the header\u2019s state root');
      return { expected: stateDocument(r, sh, proven.keyHash) };
    });
  }
  function stateDocument(r, sh, keyHash) {
    return {
      kind: 'state', hashAlgorithm: 'SHA-256', height: sh.header.height, key: r.key, keyHash: keyHash,
      present: !!r.present, value: r.present ? r.value : null, siblings: r.siblings,
      otherLeaf: r.otherLeaf ? { keyHash: r.otherLeaf.keyHash, valueHash: r.otherLeaf.valueHash } : null,
      stateRoot: sh.header.stateRoot
    };
  }

  /** The state root a state receipt's proof of {@code key} leads to, and the key's hash (both hex). */
  function provenRoot(r, key) {
    var siblings = (r.siblings || []).map(function (s) {
      var b = hexToBytes(s, 'siblings');
      if (b.length !== 32) { throw new Failure('stateProof', 'a sibling is not one hash long'); }
      return b;
    });
    var value = r.present ? hexToBytes(r.value, 'value') : null;
    if (siblings.length > 256) { return Promise.reject(new Failure('stateProof', 'more siblings than the tree is deep')); }
    return sha256(key).then(function (keyHash) {
      var start;
      if (r.present) {
        start = sha256(value).then(function (vh) { return sha256(concat([new Uint8Array([0]), keyHash, vh])); });
      } else if (r.otherLeaf) {
        var okh = hexToBytes(r.otherLeaf.keyHash, 'otherLeaf.keyHash'), ovh = hexToBytes(r.otherLeaf.valueHash, 'otherLeaf.valueHash');
        if (equal(okh, keyHash)) { return Promise.reject(new Failure('stateProof', 'the other leaf is the key itself')); }
        for (var d = 0; d < siblings.length; d++) {
          if (bit(okh, d) !== bit(keyHash, d)) {
            return Promise.reject(new Failure('stateProof', 'the other leaf does not share the key\u2019s path'));
          }
        }
        start = sha256(concat([new Uint8Array([0]), okh, ovh]));
      } else {
        start = Promise.resolve(new Uint8Array(32));
      }
      var run = start;
      for (var depth = siblings.length - 1; depth >= 0; depth--) {
        (function (dd) {
          run = run.then(function (h) {
            var pair = bit(keyHash, dd) === 0 ? [h, siblings[dd]] : [siblings[dd], h];
            return sha256(concat([new Uint8Array([1]), pair[0], pair[1]]));
          });
        }(depth));
      }
      return run.then(function (root) { return { root: hex(root), keyHash: hex(keyHash) }; });
    });
  }

  // Step 3: seals of a quorum of distinct validators of the set in force at the block's height (the
  // genesis's, or the one the receipt's proven transitions lead to) over the commit message.
  function certificate(sh, blockHash, g, walked, ok) {
    var set = walked.inForceAt(sh.header.height);
    return sealProblem(sh, blockHash, g, set).then(function (problem) {
      if (problem) { throw new Failure('certificate', problem); }
      var changes = walked.sets.length - 1;
      ok('certificate', 'block ' + sh.header.height + ' sealed by ' + sh.certificate.seals.length + ' of ' + set.count
        + (set.effectiveAt <= 1 ? ' genesis validators' : ' validators (the set in force from height ' + set.effectiveAt
          + ', reached from the genesis through ' + changes + ' proven validator-set change' + (changes === 1 ? '' : 's') + ')')
        + ' (' + sh.certificate.seals.map(function (x) { return set.byId[x.validator].name; }).join(', ') + '), quorum ' + set.quorum);
    });
  }

  /** Null when a quorum of {@code set} sealed the block; otherwise why not, worded as CommitCertificateVerifier does. */
  function sealProblem(sh, blockHash, g, set) {
    if (sh.header.chainId !== g.chainId) {
      return Promise.resolve("header is for chain '" + sh.header.chainId + "', the genesis is for '" + g.chainId + "'");
    }
    var seals = sh.certificate.seals;
    if (seals.length < set.quorum) {
      return Promise.resolve('has ' + seals.length + ' seals, needs ' + set.quorum + ' of ' + set.count + ' validators');
    }
    var which = set.effectiveAt <= 1 ? 'a genesis validator'
      : 'a validator at height ' + sh.header.height + ' (the set in force from height ' + set.effectiveAt + ')';
    var message = new Writer().string('medledger/commit-seal/v1').string(g.signingChainId).u64(sh.header.height)
      .u32(sh.certificate.round).fixed(blockHash).done();
    var seen = {};
    for (var i = 0; i < seals.length; i++) {
      var v = set.byId[seals[i].validator];
      if (!v) { return Promise.resolve('seal from ' + seals[i].validator + ', which is not ' + which); }
      if (seen[seals[i].validator]) { return Promise.resolve('two seals from validator ' + seals[i].validator); }
      seen[seals[i].validator] = true;
    }
    return Promise.all(seals.map(function (s) { return ecdsaVerify(set.byId[s.validator].spki, s.signature, message); }))
      .then(function (good) {
        for (var k = 0; k < good.length; k++) {
          if (!good[k]) { return 'seal of validator ' + seals[k].validator + ' does not verify'; }
        }
        return null;
      });
  }

  // ---- validator-set transitions (docs/format.md, "Validator-set transitions"): the walk of
  // core's ValidatorSetWalk, with its checks in its order and its reasons ----
  var MAX_TRANSITIONS = 10000;
  function pad12(n) { var s = String(n); while (s.length < 12) { s = '0' + s; } return s; }

  /** Resolves to the sets walked ({sets, inForceAt(height), documents}) or rejects naming the transition. */
  function walk(list, height, g, ok) {
    if (list === undefined || list === null) { list = []; }
    if (!Array.isArray(list) || list.length > MAX_TRANSITIONS) {
      return Promise.reject(new Failure('format', "the receipt is malformed: 'validatorTransitions' must be a list of at most " + MAX_TRANSITIONS));
    }
    var sets = [g.validators], documents = [];
    function result() {
      return {
        sets: sets, documents: documents,
        inForceAt: function (h) { var f = sets[0]; sets.forEach(function (s) { if (s.effectiveAt <= h) { f = s; } }); return f; }
      };
    }
    if (list.length === 0) { return Promise.resolve(result()); }
    var parsed = list.map(function (t) {
      if (!t || typeof t !== 'object' || !t.stateReceipt || typeof t.stateReceipt !== 'object' || Array.isArray(t.stateReceipt)) {
        throw new Failure('format', "the receipt is malformed: a validator-set transition without its 'stateReceipt'");
      }
      if (typeof t.effectiveAt !== 'number' || !Number.isSafeInteger(t.effectiveAt)) {
        throw new Failure('format', "the receipt is malformed: missing 'effectiveAt' (a whole number)");
      }
      var r = t.stateReceipt;
      return { effectiveAt: t.effectiveAt, receipt: r,
        sh: readHeader(hexToBytes(r.signedHeader && r.signedHeader.encoded, 'signedHeader.encoded')) };
    });
    if (!g.governed) {
      return Promise.reject(new Failure('validatorTransitions', "the genesis has no 'governance' field, so its validators never change;"
        + ' yet ' + list.length + ' validator-set transition(s) are given'));
    }
    var run = Promise.resolve();
    parsed.forEach(function (t, i) {
      run = run.then(function () {
        return transition(i + 1, sets[sets.length - 1], t, g).then(function (set) {
          sets.push(set);
          documents.push({ effectiveAt: t.effectiveAt, stateReceipt: t.document });
        });
      });
    });
    return run.then(function () {
      var last = sets[sets.length - 1].effectiveAt;
      if (last > height) {
        throw new Failure('validatorTransitions', 'the validator-set change to height ' + last + ' lies past the receipt\'s block '
          + height + ': a receipt carries only those in force by then');
      }
      ok('validatorTransitions', parsed.length + ' validator-set change' + (parsed.length === 1 ? '' : 's') + ' (to height'
        + (parsed.length === 1 ? ' ' : 's ') + parsed.map(function (t) { return t.effectiveAt; }).join(', ')
        + '), each sealed by the set before it, walked from the genesis');
      return result();
    });
  }

  function transition(number, before, t, g) {
    // As ReceiptVerifier reads a proof: present when it carries a value; a 'present' field saying
    // otherwise is then caught by the document check.
    var r = Object.assign({}, t.receipt, { present: t.receipt.value !== undefined && t.receipt.value !== null });
    var to = t.effectiveAt, h = t.sh.header;
    var which = 'validator-set transition ' + number + ' (to height ' + to + ')';
    function refuse(text) { return Promise.reject(new Failure('validatorTransitions', text)); }
    if (to <= before.effectiveAt) {
      return refuse(which + ' does not come after the set in force from height ' + before.effectiveAt
        + ': transitions are listed once each, in height order');
    }
    if (h.height !== to - 1) {
      return refuse(which + ' is proven under block ' + h.height + '; it must be block ' + (to - 1) + ', whose state fixes the set of block ' + to);
    }
    var blockHash;
    return sha256(t.sh.headerBytes).then(function (bh) {
      blockHash = bh;
      return sealProblem(t.sh, bh, g, before);
    }).then(function (sealed) {
      if (sealed) { throw new Failure('validatorTransitions', which + ': block ' + h.height + ' is not sealed by the set in force then: ' + sealed); }
      var localKey = 'consortium/validator-set/' + pad12(to);
      var key = hex(new TextEncoder().encode('governance\u0000' + localKey));
      if (r.key !== key) {
        throw new Failure('validatorTransitions', which + ' proves another state key than governance/' + localKey + ', the set recorded for its height');
      }
      if (!r.present) {
        throw new Failure('validatorTransitions', which + ': the state of block ' + h.height + ' is shown holding no set for height ' + to);
      }
      return Promise.resolve().then(function () { return provenRoot(r, hexToBytes(key)); }).catch(function (e) {
        throw new Failure('validatorTransitions', which + ': the state proof does not lead to block ' + h.height + '\'s state root: '
          + (e && e.message));
      });
    }).then(function (proven) {
      if (proven.root !== h.stateRoot) {
        throw new Failure('validatorTransitions', which + ': the state proof does not lead to block ' + h.height + '\'s state root: '
          + 'the proof leads to state root ' + proven.root + ', not ' + h.stateRoot);
      }
      var entries;
      try {
        entries = validatorList(hexToBytes(r.value, 'value'));
      } catch (e) {
        throw new Failure('validatorTransitions', which + ': the proven value is not a validator list: ' + (e && e.message));
      }
      if (entries.length === 0) { throw new Failure('validatorTransitions', which + ': the proven set is empty'); }
      t.document = stateDocument(r, t.sh, proven.keyHash);
      t.document.signedHeader = headerDocument(t.sh, blockHash, r.signedHeader.encoded);
      return validatorSet(to, entries).catch(function (e) {
        throw new Failure('validatorTransitions', which + ': the proven value is not a validator list: ' + (e && e.message));
      });
    });
  }

  // ValidatorList (docs/format.md): "medledger/validators/v1", u32 count, then organisation, name,
  // node certificate PEM and the encryption key certificate's bytes of each.
  function validatorList(bytes) {
    var r = new Reader(bytes, 'the validator list');
    if (r.string() !== 'medledger/validators/v1') { throw new Failure('format', 'validators: not a medledger/validators/v1 list'); }
    var n = r.u32();
    if (n > 1000) { throw new Failure('format', 'validators: more than 1000'); }
    var out = [];
    for (var i = 0; i < n; i++) {
      var organisation = r.string(), name = r.string(), pem = r.string();
      r.bytes();
      out.push({ organisation: organisation, name: name, pem: pem });
    }
    r.end();
    return out;
  }

  function headerDocument(sh, blockHash, encoded) {
    var h = sh.header;
    return {
      height: h.height, hash: hex(blockHash), chainId: h.chainId, previousHash: h.previousHash, txRoot: h.txRoot,
      txCount: h.txCount, stateRoot: h.stateRoot, logRoot: h.logRoot, logSize: h.logSize, timestamp: h.timestamp,
      proposer: h.proposer,
      certificate: {
        round: sh.certificate.round,
        seals: sh.certificate.seals.map(function (s) { return { validator: s.validator, signature: hex(s.signature) }; })
      },
      encoded: encoded
    };
  }

  /** The first path where the document differs from what its signed contents render to, or null. */
  function firstDifference(want, got, at) {
    var join = function (f) { return at === '' ? f : at + '.' + f; };
    if (want === null || typeof want !== 'object') { return want === got ? null : at; }
    if (got === null || typeof got !== 'object' || Array.isArray(want) !== Array.isArray(got)) { return at; }
    if (Array.isArray(want)) {
      if (want.length !== got.length) { return at; }
      for (var i = 0; i < want.length; i++) { var d = firstDifference(want[i], got[i], at + '[' + i + ']'); if (d !== null) { return d; } }
      return null;
    }
    var k;
    for (k in want) { if (Object.prototype.hasOwnProperty.call(want, k)) { var e = firstDifference(want[k], got[k], join(k)); if (e !== null) { return e; } } }
    for (k in got) { if (Object.prototype.hasOwnProperty.call(got, k) && !Object.prototype.hasOwnProperty.call(want, k)) { return join(k); } }
    return null;
  }


  // ---- insurance's EOB receipt (docs/insurance.md, "EOB receipt"): a state receipt of the claim record, and
  // figures that must be what that proven record says, rendered here from its bytes as EobFigures does ----
  // The enums' orders in the claim codec: LineReason and ClaimStatus (apps/insurance/contract; a test holds them equal).
  var LINE_REASONS = ['covered', 'service_limit', 'annual_limit', 'other_payer', 'category_not_covered', 'code_not_covered', 'excluded'];
  var LINE_REASON_COVERED = [true, true, true, true, false, false, false];
  var CLAIM_STATUSES = ['adjudicated', 'pended', 'approved', 'denied', 'paid', 'withdrawn'];

  function safe(big, what) {
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) { throw new Failure('figures', what + ' is larger than this browser can compare exactly: use medledger verify'); }
    return Number(big);
  }
  function readClaim(bytes) {
    var r = new Reader(bytes, 'the proven claim record');
    if (r.u8() !== 1) { throw new Failure('claim', 'the proven value is not a version 1 claim record'); }
    var c = { id: hex(r.fixed(32)), policy: hex(r.fixed(32)), insurer: r.string(), patient: hex(r.fixed(32)), submitter: r.string() };
    r.fixed(32);
    c.currency = r.string();
    var lr = new Reader(r.bytes(), 'the claim record\u2019s lines');
    if (lr.string() !== 'medledger/insurance/lines/v1') { throw new Failure('claim', 'the claim record\u2019s lines have an unknown tag'); }
    var n = lr.u32(), i;
    c.lines = [];
    for (i = 0; i < n; i++) {
      var l = { category: lr.string(), code: lr.string() };
      lr.u32(); lr.u64();
      l.dateOfService = lr.string();
      lr.string(); lr.fixed(32);
      var e = lr.u32();
      for (var k = 0; k < e; k++) { lr.fixed(32); }
      c.lines.push(l);
    }
    lr.end();
    var m = r.u32();
    if (m !== n) { throw new Failure('claim', 'the claim record has ' + n + ' lines but ' + m + ' results'); }
    c.results = [];
    for (i = 0; i < m; i++) {
      var reason = r.u8();
      if (reason >= LINE_REASONS.length) { throw new Failure('claim', 'line ' + (i + 1) + ' has an unknown reason ' + reason); }
      c.results.push({ reason: reason, billed: r.u64(), allowed: r.u64(), deductible: r.u64(), coinsurance: r.u64(),
        otherPayer: r.u64(), insurerPays: r.u64(), patientOwes: r.u64() });
    }
    var status = r.u8();
    if (status >= CLAIM_STATUSES.length) { throw new Failure('claim', 'the claim record has an unknown status ' + status); }
    c.status = CLAIM_STATUSES[status];
    r.u64(); r.u64(); r.string(); r.string();
    var payment = hex(r.fixed(32));
    c.payment = /^0+$/.test(payment) ? null : payment;
    r.end();
    return c;
  }
  // BigDecimal.valueOf(minor).movePointLeft(digits).toPlainString() + " " + currency, with the currency's own digits.
  function amount(minor, currency) {
    var digits = 2;
    try { digits = new Intl.NumberFormat('en', { style: 'currency', currency: currency }).resolvedOptions().maximumFractionDigits; } catch (e) { digits = 2; }
    var s = String(minor);
    if (digits > 0) {
      while (s.length <= digits) { s = '0' + s; }
      s = s.slice(0, s.length - digits) + '.' + s.slice(s.length - digits);
    }
    return s + ' ' + currency;
  }
  function eobFigures(c) {
    var total = { billed: 0n, allowed: 0n, deductible: 0n, coinsurance: 0n, otherPayer: 0n, insurerPays: 0n, patientOwes: 0n };
    var lines = c.lines.map(function (l, i) {
      var r = c.results[i];
      Object.keys(total).forEach(function (f) { total[f] += r[f]; });
      return {
        line: i + 1, code: l.code, category: l.category, dateOfService: l.dateOfService,
        covered: LINE_REASON_COVERED[r.reason], reason: LINE_REASONS[r.reason],
        billed: safe(r.billed, 'a line'), allowed: safe(r.allowed, 'a line'), deductible: safe(r.deductible, 'a line'),
        coinsurance: safe(r.coinsurance, 'a line'), paidByOtherInsurers: safe(r.otherPayer, 'a line'),
        paidByInsurer: safe(r.insurerPays, 'a line'), youOwe: safe(r.patientOwes, 'a line')
      };
    });
    var t = {};
    Object.keys(total).forEach(function (f) { t[f] = safe(total[f], 'a total'); });
    return {
      claim: c.id, policy: c.policy, patient: c.patient, insurer: c.insurer, billedBy: c.submitter, status: c.status,
      payment: c.payment, currency: c.currency, lines: lines,
      total: { billed: t.billed, allowed: t.allowed, deductible: t.deductible, coinsurance: t.coinsurance,
        paidByOtherInsurers: t.otherPayer, paidByInsurer: t.insurerPays, youOwe: t.patientOwes },
      inWords: 'Billed ' + amount(t.billed, c.currency) + '; paid by your insurer ' + amount(t.insurerPays, c.currency)
        + (t.otherPayer === 0 ? '' : '; paid by other insurers ' + amount(t.otherPayer, c.currency))
        + '; you owe ' + amount(t.patientOwes, c.currency) + '.'
    };
  }
  // "figures.lines[1].paidByInsurer" as "line 2 paidByInsurer (figures.lines[1].paidByInsurer)", as EobReceiptVerifier names it.
  function figureName(path) {
    var m = /^figures\.lines\[(\d+)\]\.(\w+)$/.exec(path);
    return m ? 'line ' + (Number(m[1]) + 1) + ' ' + m[2] + ' (' + path + ')' : path;
  }
  function verifyEob(receipt, genesis) {
    var state = receipt.stateReceipt;
    if (!state || typeof state !== 'object' || state.kind !== 'state') {
      return Promise.resolve({ verified: false, check: 'format', checked: [],
        message: 'the EOB receipt carries no \u2018stateReceipt\u2019 (a state receipt of the claim)' });
    }
    return verify(state, genesis).then(function (proven) {
      if (!proven.verified) { proven.check = 'stateReceipt.' + proven.check; return proven; }
      try {
        for (var f in receipt) {
          if (Object.prototype.hasOwnProperty.call(receipt, f) && ['kind', 'claim', 'figures', 'stateReceipt'].indexOf(f) < 0) {
            throw new Failure('document', "field '" + f + "' is not part of an EOB receipt");
          }
        }
        if (typeof receipt.claim !== 'string' || !/^[0-9a-f]{64}$/.test(receipt.claim)) {
          throw new Failure('claim', "'claim' is not a claim id (64 hex)");
        }
        var key = hex(new TextEncoder().encode('insurance\u0000claim/' + receipt.claim));
        if (state.key !== key) {
          throw new Failure('claim', 'the state receipt proves key ' + state.key + ', not the record of claim ' + receipt.claim);
        }
        if (!state.present) {
          throw new Failure('claim', 'the ledger held no claim ' + receipt.claim + ' after block ' + proven.height);
        }
        var want = eobFigures(readClaim(hexToBytes(state.value, 'stateReceipt.value')));
        var diff = firstDifference(want, receipt.figures, 'figures');
        if (diff !== null) {
          throw new Failure('figures', figureName(diff) + ': the receipt does not say what the claim the ledger holds says');
        }
        proven.checked.push({ check: 'claim', ok: true, text: 'the proven value is the record of claim ' + receipt.claim.slice(0, 16) + '\u2026' });
        proven.checked.push({ check: 'figures', ok: true, text: 'every figure (' + want.lines.length + ' line(s) and the total: billed, allowed, '
          + 'deductible, coinsurance, paid by other insurers, paid by your insurer, you owe; status ' + want.status + ') is what that record says: '
          + want.inWords });
        return proven;
      } catch (e) {
        if (e instanceof Failure) { return { verified: false, check: e.check, message: e.message, checked: proven.checked }; }
        return { verified: false, check: 'format', message: 'the EOB receipt is malformed: ' + (e && e.message), checked: proven.checked };
      }
    });
  }

  /** Verifies a receipt object against a genesis object; resolves to {verified, checked[], check, message}. */
  function verifyWith(receipt, genesisJson) {
    return loadGenesis(genesisJson).then(function (g) {
      var check = receipt && receipt.kind === 'insurance-eob' ? verifyEob(receipt, g) : verify(receipt, g);
      return check.then(function (result) { result.genesisHash = g.hash; return result; });
    }, function (e) {
      return { verified: false, check: e.check || 'genesis', message: e.message || String(e), checked: [] };
    });
  }

  window.MedLedgerReceipts = { verify: verifyWith };

  // ---- the page: each "Verify" button checks its receipt and says what was checked ----
  // The visitor's own copy of the genesis when she picked one (read when she asks, so a click right
  // after picking never misses it), else the node's, which it gives to signed-in members only: an
  // anonymous visitor of a public page is sent to sign in, and is told to pick her copy instead.
  function genesis() {
    var input = document.getElementById('genesis-file');
    if (input && input.files && input.files[0]) {
      return input.files[0].text().then(function (t) { return JSON.parse(t); });
    }
    return fetch('/ui/genesis.json', { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error('the node answered ' + r.status + ' for its genesis'); }
      if (r.redirected || !/json/i.test(r.headers.get('Content-Type') || '')) {
        throw new Error('this node gives its genesis to signed-in members only: pick your copy of the network\u2019s genesis file, or sign in');
      }
      return r.json();
    });
  }
  function show(out, result) {
    out.textContent = '';
    var head = document.createElement('p');
    head.className = result.verified ? 'ok' : 'bad';
    head.textContent = result.verified
      ? 'Verified in this browser against the genesis ' + result.genesisHash.slice(0, 16) + '\u2026 (block ' + result.height + ').'
      : 'Verification failed: ' + result.check + ': ' + result.message;
    out.appendChild(head);
    var list = document.createElement('ul');
    result.checked.forEach(function (c) {
      var li = document.createElement('li');
      li.textContent = '\u2713 ' + c.check + ': ' + c.text;
      list.appendChild(li);
    });
    out.appendChild(list);
    out.setAttribute('data-verified', result.verified ? 'true' : 'false');
  }
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('button[data-receipt]') : null;
    if (!button) { return; }
    var out = document.getElementById(button.getAttribute('aria-controls'));
    out.removeAttribute('data-verified');
    out.textContent = 'Checking\u2026';
    Promise.all([genesis(), fetch(button.getAttribute('data-receipt'), { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error('the node answered ' + r.status + ' for the receipt'); }
      return r.json();
    })]).then(function (both) {
      return verifyWith(both[1], both[0]);
    }).then(function (result) { show(out, result); }, function (e) {
      show(out, { verified: false, check: 'fetch', message: e.message, checked: [] });
    });
  });
}());
