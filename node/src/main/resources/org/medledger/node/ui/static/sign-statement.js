// Signs what a page shows with the member's own key, in the browser: a statement (a consent
// grant, a revocation, a clinician's read request), a member's own transaction (an assessor's
// decision, a sponsor's trial registration), or a clinician credential's Data Integrity proof.
// The form carries the bytes in hex (data-statement) and what they are (data-kind); this script
// reads them itself and shows what it read, so what the member sees is what her key signs; she
// picks her PKCS#8 key file, WebCrypto signs (ECDSA P-256, SHA-256), and only the signature goes
// back with the form. The key never leaves the browser. Loaded as a file: the portal's CSP runs
// no inline script. One signer for every application's pages.
(function () {
  'use strict';

  function pemBody(pem) {
    var m = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/);
    if (!m) { throw new Error('the key file is not a PEM "PRIVATE KEY" (PKCS#8); an encrypted or EC PRIVATE KEY file must be converted first'); }
    var bin = atob(m[1].replace(/\s+/g, ''));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes.buffer;
  }

  function fromHex(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  // WebCrypto gives r || s (IEEE P1363); the ledger verifies DER (SEQUENCE of two INTEGERs).
  function derInteger(bytes) {
    var i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) { i++; }
    var v = Array.prototype.slice.call(bytes, i);
    if (v[0] & 0x80) { v.unshift(0); }
    return [0x02, v.length].concat(v);
  }

  function toDer(p1363) {
    var b = new Uint8Array(p1363);
    var half = b.length / 2;
    var body = derInteger(b.slice(0, half)).concat(derInteger(b.slice(half)));
    return new Uint8Array([0x30, body.length].concat(body));
  }

  // The statements this page signs, read from their bytes here (docs/format.md, "Consent grant",
  // "Revocation"), so what the member sees is what her key signs, whatever the node wrote around
  // it; bytes of any other kind (a care registration, an erasure request) are never signed here.
  function reader(bytes) {
    var at = 0;
    function need(n) { if (at + n > bytes.length) { throw new Error('the statement ends early'); } }
    var r = {
      u32: function () { need(4); var v = ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3]; at += 4; return v; },
      u64: function () { need(8); var v = 0; for (var i = 0; i < 8; i++) { v = v * 256 + bytes[at + i]; } at += 8; return v; },
      u8: function () { need(1); return bytes[at++]; },
      fixed: function (n) { need(n); var v = bytes.slice(at, at + n); at += n; return v; },
      string: function () { return new TextDecoder('utf-8', { fatal: true }).decode(r.fixed(r.u32())); },
      end: function () { if (at !== bytes.length) { throw new Error('the statement has bytes after its end'); } }
    };
    return r;
  }

  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // A member's own transaction (docs/format.md, "Transaction", the signed payload: u8 version ‖ suite ‖ chainId ‖
  // sender ‖ nonce ‖ timestamp ‖ contract ‖ method ‖ args), e.g. an insurer's assessor deciding a claim.
  function describeTransaction(bytes) {
    var r = reader(bytes), version = r.u8();
    if (version !== 1) { throw new Error('these bytes are not a version 1 transaction: not signed'); }
    var suite = r.string(), facts = [['Network', r.string() + ' (suite ' + suite + ')']];
    facts.push(['Signed by (certificate)', hex(r.fixed(32))]);
    r.u64();
    facts.push(['Made at', new Date(r.u64()).toISOString()]);
    facts.push(['Action', r.string() + '.' + r.string()]);
    var n = r.u32();
    for (var i = 0; i < n; i++) { facts.push([r.string(), r.string()]); }
    r.end();
    return facts;
  }

  function describe(kind, bytes) {
    if (kind === 'transaction') {
      return describeTransaction(bytes);
    }
    var r = reader(bytes), tag = r.string(), facts = [];
    if (kind === 'grant' && tag === 'medledger/consent/v1') {
      facts.push(['Network', r.string()], ['Patient', hex(r.fixed(32))], ['Who may read', r.string()]);
      var n = r.u32(), cats = [];
      for (var i = 0; i < n; i++) { cats.push(r.string()); }
      var m = r.u32();
      for (var j = 0; j < m; j++) { r.fixed(32); }
      var p = r.u32(), purposes = [];
      for (var k = 0; k < p; k++) { purposes.push(r.string()); }
      var start = r.u64(), end = r.u64(), delegable = r.u8();
      facts.push(['Which records', (cats.length ? 'categories: ' + cats.join(', ') : '') + (m ? (cats.length ? '; ' : '') + m + ' named record(s)' : '')],
        ['For what', purposes.join(', ')], ['From', day(start)], ['Until the end of', day(end - 1)],
        ['May be passed on', delegable ? 'yes' : 'no'], ['Reference', r.string()]);
    } else if (kind === 'read' && tag === 'medledger/read/v1') {
      facts.push(['Network', r.string()], ['Reader (certificate)', hex(r.fixed(32))], ['Record', hex(r.fixed(32))],
        ['For what', r.string()]);
      var reason = r.string();
      if (reason) { facts.push(['Break-glass reason', reason]); }
      facts.push(['Asked at', new Date(r.u64()).toISOString()], ['Nonce', hex(r.fixed(32))]);
    } else if (kind === 'store' && tag === 'medledger/store/v1') {
      facts.push(['Network', r.string()], ['Author (certificate)', hex(r.fixed(32))], ['Patient', hex(r.fixed(32))],
        ['Resource type', r.string()], ['Category', r.string()], ['Document SHA-256', hex(r.fixed(32))],
        ['Stored at', new Date(r.u64()).toISOString()], ['Nonce', hex(r.fixed(32))]);
    } else if (kind === 'revoke' && tag === 'medledger/consent-revoke/v1') {
      facts.push(['Network', r.string()], ['Revokes consent', hex(r.fixed(32))]);
    } else {
      throw new Error('these bytes are a "' + tag + '" statement, not the ' + kind + ' this page says: not signed');
    }
    r.end();
    return facts;
  }

  // RFC 8785 for the JSON a credential holds (strings, arrays, objects; numbers as ES6 prints
  // them): members sorted by their names' UTF-16 code units, which is JavaScript's default sort.
  function jcs(value) {
    if (Array.isArray(value)) { return '[' + value.map(jcs).join(',') + ']'; }
    if (value !== null && typeof value === 'object') {
      return '{' + Object.keys(value).sort().map(function (k) { return JSON.stringify(k) + ':' + jcs(value[k]); }).join(',') + '}';
    }
    return JSON.stringify(value);
  }

  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  }

  // A clinician credential's proof (kind 'credential', ecdsa-jcs-2019, vc-di-ecdsa 3.3): the bytes
  // are computed here from the unsigned document and the proof's options the form carries
  // (data-document, data-options: SHA-256 of the JCS form of the options, then of the document)
  // and refused unless they are the bytes the node prepared. The proof carries r || s as WebCrypto
  // gives it, so this kind's signature is not DER; the form's 'created' field gets the options'.
  function credentialProof(form) {
    var doc = JSON.parse(form.getAttribute('data-document'));
    var options = JSON.parse(form.getAttribute('data-options'));
    var unsecured = JSON.parse(JSON.stringify(doc));
    delete unsecured.proof;
    var config = JSON.parse(JSON.stringify(options));
    delete config.proofValue;
    return Promise.all([sha256(jcs(config)), sha256(jcs(unsecured))]).then(function (hashes) {
      var bytes = new Uint8Array(64);
      bytes.set(new Uint8Array(hashes[0]), 0);
      bytes.set(new Uint8Array(hashes[1]), 32);
      if (hex(bytes) !== form.getAttribute('data-statement')) {
        throw new Error('the bytes the node prepared are not this document\u2019s: not signed');
      }
      var s = doc.credentialSubject || {};
      form.elements.created.value = options.created;
      return {
        bytes: bytes, der: false,
        facts: [['Credential', doc.id], ['Issuer', doc.issuer && doc.issuer.name], ['Licence number', s.licenceNumber],
          ['Holder (certificate)', s.id], ['Holder\u2019s organisation', s.organisation], ['Profession', s.profession],
          ['Specialties', (s.specialty || []).join('; ') || 'none'], ['Scope of practice', (s.scope || []).join(', ')],
          ['Valid from', doc.validFrom], ['Valid until', doc.validUntil],
          ['Proof', options.cryptosuite + ' by ' + options.verificationMethod], ['Signed at', options.created]]
      };
    });
  }

  // What the form's bytes are and say, read here; a promise, as a credential's bytes take hashing.
  function prepare(form) {
    var kind = form.getAttribute('data-kind');
    if (kind === 'credential') { return credentialProof(form); }
    return new Promise(function (resolve) {
      var bytes = fromHex(form.getAttribute('data-statement'));
      resolve({ bytes: bytes, der: true, facts: describe(kind, bytes) });
    });
  }

  function show(where, facts) {
    var dl = document.createElement('dl');
    dl.className = 'fields';
    facts.forEach(function (f) {
      var div = document.createElement('div'), dt = document.createElement('dt'), dd = document.createElement('dd');
      dt.textContent = f[0];
      dd.textContent = f[1];
      div.appendChild(dt);
      div.appendChild(dd);
      dl.appendChild(div);
    });
    where.textContent = '';
    where.appendChild(dl);
  }

  document.querySelectorAll('form[data-statement]').forEach(function (form) {
    var status = document.getElementById(form.getAttribute('data-status'));
    var keyInput = form.querySelector('input[type=file]');
    var decoded = document.getElementById(form.getAttribute('data-decoded'));
    function say(text) { status.textContent = text; }
    var prepared = null;
    var refusal = 'what you sign is still being read';
    prepare(form).then(function (p) {
      show(decoded, p.facts);
      prepared = p;
      refusal = null;
    }).catch(function (e) {
      refusal = e.message;
      decoded.textContent = 'Your browser could not read what you are to sign: ' + e.message;
    });
    form.addEventListener('submit', function (event) {
      if (form.elements.signature.value) { return; }
      event.preventDefault();
      if (refusal) { say('Not signed: ' + refusal); return; }
      var file = keyInput.files && keyInput.files[0];
      if (!file) { say('Not signed: pick your private key file.'); keyInput.focus(); return; }
      say('Reading your key\u2026');
      file.text().then(function (pem) {
        return crypto.subtle.importKey('pkcs8', pemBody(pem), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])
          .catch(function () { throw new Error('the key is not an ECDSA P-256 key in PKCS#8 (browsers sign only P-256 here)'); });
      }).then(function (key) {
        say('Signing in this browser\u2026');
        return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, prepared.bytes);
      }).then(function (sig) {
        form.elements.signature.value = prepared.der ? hex(toDer(sig)) : hex(new Uint8Array(sig));
        say('Signed. Sending the signature (not the key)\u2026');
        form.submit();
      }).catch(function (e) {
        say('Not signed: ' + e.message);
      });
    });
  });
}());
