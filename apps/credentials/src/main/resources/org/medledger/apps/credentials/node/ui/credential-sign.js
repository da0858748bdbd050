// Signs a clinician credential's Data Integrity proof (ecdsa-jcs-2019, vc-di-ecdsa 3.3) in the
// issuer's browser: it reads the unsigned document and the proof's options the page carries,
// computes the bytes itself (SHA-256 of the JCS form of the options, then of the document, RFC
// 8785), refuses when they are not the bytes the node prepared, shows the claims it read, and
// signs them with the issuer's PKCS#8 key file (WebCrypto, ECDSA P-256). Only the signature
// (r || s, as the proof carries it) goes back with the form; the key never leaves the browser.
// Loaded as a file: the portal's CSP runs no inline script.
(function () {
  'use strict';

  // RFC 8785 for the JSON a credential holds (strings, arrays, objects; numbers as ES6 prints
  // them): members sorted by their names' UTF-16 code units, which is JavaScript's default sort.
  function jcs(value) {
    if (Array.isArray(value)) { return '[' + value.map(jcs).join(',') + ']'; }
    if (value !== null && typeof value === 'object') {
      return '{' + Object.keys(value).sort().map(function (k) { return JSON.stringify(k) + ':' + jcs(value[k]); }).join(',') + '}';
    }
    return JSON.stringify(value);
  }

  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  function pemBody(pem) {
    var m = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/);
    if (!m) { throw new Error('the key file is not a PEM "PRIVATE KEY" (PKCS#8); an encrypted or EC PRIVATE KEY file must be converted first'); }
    var bin = atob(m[1].replace(/\s+/g, ''));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes.buffer;
  }

  function sha256(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
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

  var form = document.getElementById('proof-form');
  if (!form) { return; }
  var status = document.getElementById(form.getAttribute('data-status'));
  var decoded = document.getElementById(form.getAttribute('data-decoded'));
  var keyInput = form.querySelector('input[type=file]');
  function say(text) { status.textContent = text; }

  var toSign = null;
  var refusal = 'the proof\u2019s bytes are still being computed';
  var doc = JSON.parse(form.getAttribute('data-document'));
  var options = JSON.parse(form.getAttribute('data-options'));
  var unsecured = JSON.parse(JSON.stringify(doc));
  delete unsecured.proof;
  var config = JSON.parse(JSON.stringify(options));
  delete config.proofValue;
  Promise.all([sha256(jcs(config)), sha256(jcs(unsecured))]).then(function (hashes) {
    var bytes = new Uint8Array(64);
    bytes.set(new Uint8Array(hashes[0]), 0);
    bytes.set(new Uint8Array(hashes[1]), 32);
    if (hex(bytes) !== form.getAttribute('data-bytes')) {
      throw new Error('the bytes the node prepared are not this document\u2019s: not signed');
    }
    var s = doc.credentialSubject || {};
    show(decoded, [['Credential', doc.id], ['Issuer', doc.issuer && doc.issuer.name], ['Licence number', s.licenceNumber],
      ['Holder (certificate)', s.id], ['Holder\u2019s organisation', s.organisation], ['Profession', s.profession],
      ['Specialties', (s.specialty || []).join('; ') || 'none'], ['Scope of practice', (s.scope || []).join(', ')],
      ['Valid from', doc.validFrom], ['Valid until', doc.validUntil], ['Proof', options.cryptosuite + ' by ' + options.verificationMethod],
      ['Signed at', options.created]]);
    form.elements.created.value = options.created;
    toSign = bytes;
    refusal = null;
  }).catch(function (e) {
    refusal = e.message;
    decoded.textContent = 'Your browser could not read this credential: ' + e.message;
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
      return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, toSign);
    }).then(function (sig) {
      form.elements.signature.value = hex(sig);
      say('Signed. Sending the signature (not the key)\u2026');
      form.submit();
    }).catch(function (e) {
      say('Not signed: ' + e.message);
    });
  });
}());
