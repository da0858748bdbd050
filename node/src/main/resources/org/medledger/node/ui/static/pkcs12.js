// PKCS#12 (.p12/.pfx) reader for the key sign-in: parses the file's ASN.1 DER here in the page and
// decrypts its bags with WebCrypto, so neither the file nor its password leaves the browser.
// Reads what current tools write by default: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC
// (openssl 3's `pkcs12 -export`, Java's KeyStore "PKCS12" and keytool). Files protected by the
// legacy PKCS#12 schemes (RC2, 3DES, RC4 with SHA-1) are refused by name: WebCrypto has none of
// those ciphers, and they are weak. A wrong password shows as a padding or structure failure of
// the decrypted key, which is how it is reported. The file's MAC is not checked: the node checks
// the signature the key makes, which a tampered key cannot pass.
(function () {
  'use strict';

  var OID = {
    data: '1.2.840.113549.1.7.1',
    encryptedData: '1.2.840.113549.1.7.6',
    keyBag: '1.2.840.113549.1.12.10.1.1',
    shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
    certBag: '1.2.840.113549.1.12.10.1.3',
    x509Certificate: '1.2.840.113549.1.9.22.1',
    pbes2: '1.2.840.113549.1.5.13',
    pbkdf2: '1.2.840.113549.1.5.12',
    hmacWithSha1: '1.2.840.113549.2.7',
    hmacWithSha256: '1.2.840.113549.2.9',
    aes256Cbc: '2.16.840.1.101.3.4.1.42'
  };

  var LEGACY = {
    '1.2.840.113549.1.12.1.1': 'RC4 128-bit with SHA-1',
    '1.2.840.113549.1.12.1.2': 'RC4 40-bit with SHA-1',
    '1.2.840.113549.1.12.1.3': '3DES with SHA-1',
    '1.2.840.113549.1.12.1.4': '2-key 3DES with SHA-1',
    '1.2.840.113549.1.12.1.5': 'RC2 128-bit with SHA-1',
    '1.2.840.113549.1.12.1.6': 'RC2 40-bit with SHA-1'
  };

  function fail(text) { throw new Error(text); }

  // One DER (or BER with definite lengths) element: tag, where its content lies, its children.
  function parse(bytes, start, end) {
    if (start + 2 > end) { fail('the file is not a PKCS#12 file (it ends inside an ASN.1 element)'); }
    var tag = bytes[start];
    var pos = start + 1;
    var len = bytes[pos++];
    if (len === 0x80) { fail('the file uses indefinite BER lengths, which this reader does not take: re-export it'); }
    if (len & 0x80) {
      var n = len & 0x7f;
      if (n > 4) { fail('the file is not a PKCS#12 file (an ASN.1 length is too long)'); }
      len = 0;
      for (var i = 0; i < n; i++) { len = len * 256 + bytes[pos++]; }
    }
    if (pos + len > end) { fail('the file is not a PKCS#12 file (an ASN.1 element runs past its end)'); }
    return { tag: tag, from: start, start: pos, end: pos + len, bytes: bytes, next: pos + len };
  }

  function children(el) {
    var out = [];
    for (var p = el.start; p < el.end;) {
      var c = parse(el.bytes, p, el.end);
      out.push(c);
      p = c.next;
    }
    return out;
  }

  function content(el) { return el.bytes.slice(el.start, el.end); }

  function expect(el, tag, what) {
    if (el.tag !== tag) { fail('the file is not a PKCS#12 file (' + what + ' is missing)'); }
    return el;
  }

  function oid(el) {
    expect(el, 0x06, 'an object identifier');
    var b = content(el);
    var parts = [Math.floor(b[0] / 40), b[0] % 40];
    var v = 0;
    for (var i = 1; i < b.length; i++) {
      v = v * 128 + (b[i] & 0x7f);
      if (!(b[i] & 0x80)) { parts.push(v); v = 0; }
    }
    return parts.join('.');
  }

  function integer(el) {
    expect(el, 0x02, 'an integer');
    var v = 0;
    var b = content(el);
    for (var i = 0; i < b.length; i++) { v = v * 256 + b[i]; }
    return v;
  }

  // An OCTET STRING, primitive or (BER) constructed from primitive pieces.
  function octets(el, primitiveTag, constructedTag) {
    if (el.tag === primitiveTag) { return content(el); }
    if (el.tag === constructedTag) {
      var pieces = children(el).map(function (c) { return content(expect(c, 0x04, 'an octet string piece')); });
      var total = pieces.reduce(function (n, p) { return n + p.length; }, 0);
      var out = new Uint8Array(total);
      var at = 0;
      pieces.forEach(function (p) { out.set(p, at); at += p.length; });
      return out;
    }
    return fail('the file is not a PKCS#12 file (an octet string is missing)');
  }

  // content [0] EXPLICIT of a ContentInfo or SafeBag.
  function explicit0(el) {
    return children(expect(el, 0xa0, 'a tagged content'))[0];
  }

  function decrypt(algorithm, ciphertext, password) {
    var parts = children(expect(algorithm, 0x30, 'an encryption algorithm'));
    var scheme = oid(parts[0]);
    if (LEGACY[scheme]) {
      return Promise.reject(new Error('this .p12 file is protected with ' + LEGACY[scheme]
        + ', a legacy scheme browsers cannot decrypt: re-export it with AES-256 '
        + '(openssl 3 `openssl pkcs12 -export` without -legacy, or Java\'s keytool)'));
    }
    if (scheme !== OID.pbes2) {
      return Promise.reject(new Error('this .p12 file uses an encryption this page does not know (' + scheme
        + '): re-export it with PBES2 and AES-256'));
    }
    var params = children(parts[1]);
    var kdf = children(params[0]);
    if (oid(kdf[0]) !== OID.pbkdf2) {
      return Promise.reject(new Error('this .p12 file derives its key without PBKDF2: re-export it'));
    }
    var kdfParams = children(kdf[1]);
    var salt = content(expect(kdfParams[0], 0x04, 'the PBKDF2 salt'));
    var iterations = integer(kdfParams[1]);
    var prf = OID.hmacWithSha1;
    kdfParams.slice(2).forEach(function (p) { if (p.tag === 0x30) { prf = oid(children(p)[0]); } });
    var hash = prf === OID.hmacWithSha256 ? 'SHA-256' : prf === OID.hmacWithSha1 ? 'SHA-1' : null;
    if (!hash) { return Promise.reject(new Error('this .p12 file uses a PBKDF2 hash this page does not know (' + prf + ')')); }
    var cipher = children(params[1]);
    if (oid(cipher[0]) !== OID.aes256Cbc) {
      return Promise.reject(new Error('this .p12 file is encrypted with ' + oid(cipher[0])
        + ' rather than AES-256-CBC: re-export it with AES-256'));
    }
    var iv = content(expect(cipher[1], 0x04, 'the AES initialisation vector'));
    return crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey'])
      .then(function (base) {
        return crypto.subtle.deriveKey({ name: 'PBKDF2', salt: salt, iterations: iterations, hash: hash },
          base, { name: 'AES-CBC', length: 256 }, false, ['decrypt']);
      }).then(function (key) {
        return crypto.subtle.decrypt({ name: 'AES-CBC', iv: iv }, key, ciphertext);
      }).then(function (plain) { return new Uint8Array(plain); }, function () {
        throw new Error('wrong password for this .p12 file');
      });
  }

  function wrongPasswordIfMalformed(work) {
    try { return work(); } catch (e) { throw new Error('wrong password for this .p12 file'); }
  }

  // SafeContents: the certificates (DER) and the PKCS#8 keys, shrouded ones decrypted.
  function readBags(safeContents, password, found) {
    var bags = children(expect(safeContents, 0x30, 'the safe contents'));
    return Promise.all(bags.map(function (bag) {
      var f = children(bag);
      var kind = oid(f[0]);
      var value = explicit0(f[1]);
      if (kind === OID.certBag) {
        var cert = children(value);
        if (oid(cert[0]) === OID.x509Certificate) { found.certificates.push(octets(explicit0(cert[1]), 0x04, 0x24)); }
        return null;
      }
      if (kind === OID.keyBag) {
        found.keys.push(value.bytes.slice(value.from, value.end));
        return null;
      }
      if (kind === OID.shroudedKeyBag) {
        var epki = children(value);
        return decrypt(epki[0], content(expect(epki[1], 0x04, 'the encrypted key')), password).then(function (pkcs8) {
          wrongPasswordIfMalformed(function () { expect(parse(pkcs8, 0, pkcs8.length), 0x30, 'the key'); });
          found.keys.push(pkcs8);
        });
      }
      return null;
    }));
  }

  function base64(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s);
  }

  function pemCertificate(der) {
    var b = base64(der).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
    return '-----BEGIN CERTIFICATE-----\n' + b + '\n-----END CERTIFICATE-----\n';
  }

  // The member's certificate (PEM) and ECDSA P-256 signing key in a PKCS#12 file's bytes.
  function read(buffer, password) {
    var found = { certificates: [], keys: [] };
    return Promise.resolve().then(function () {
      var bytes = new Uint8Array(buffer);
      var pfx = children(expect(parse(bytes, 0, bytes.length), 0x30, 'the PFX'));
      if (integer(pfx[0]) !== 3) { fail('the file is not a PKCS#12 version 3 file'); }
      var auth = children(pfx[1]);
      if (oid(auth[0]) !== OID.data) { fail('this .p12 file is signed with a public key rather than a password; it is not supported'); }
      var safe = octets(explicit0(auth[1]), 0x04, 0x24);
      var infos = children(expect(parse(safe, 0, safe.length), 0x30, 'the authenticated safe'));
      return Promise.all(infos.map(function (info) {
        var ci = children(info);
        var type = oid(ci[0]);
        if (type === OID.data) {
          var plain = octets(explicit0(ci[1]), 0x04, 0x24);
          return readBags(parse(plain, 0, plain.length), password, found);
        }
        if (type === OID.encryptedData) {
          var ed = children(explicit0(ci[1]));
          var eci = children(ed[1]);
          return decrypt(eci[1], octets(eci[2], 0x80, 0xa0), password).then(function (plain) {
            var contents = wrongPasswordIfMalformed(function () { return parse(plain, 0, plain.length); });
            return readBags(contents, password, found);
          });
        }
        return fail('this .p12 file holds a ' + type + ' content this page does not read');
      }));
    }).then(function () {
      if (found.keys.length !== 1) { fail('the .p12 file must hold exactly one private key; it holds ' + found.keys.length); }
      if (found.certificates.length === 0) { fail('the .p12 file holds no certificate'); }
      return crypto.subtle.importKey('pkcs8', found.keys[0], { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])
        .then(function (key) {
          // The member's own certificate comes first in files keytool and openssl write.
          return { certificate: pemCertificate(found.certificates[0]), key: key };
        }, function () {
          throw new Error('the key in the .p12 file is not an ECDSA P-256 key (browsers sign only P-256 here)');
        });
    });
  }

  window.MedLedgerPkcs12 = { read: read };
}());
