// Signs a statement a page shows (a consent grant, a revocation) with the member's own key, in
// the browser: the form carries the statement's canonical bytes in hex (data-statement), the
// member picks her PKCS#8 key file, WebCrypto signs (ECDSA P-256, SHA-256), and only the
// signature goes back with the form. The key never leaves the browser. Loaded as a file: the
// portal's CSP runs no inline script.
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

  document.querySelectorAll('form[data-statement]').forEach(function (form) {
    var status = document.getElementById(form.getAttribute('data-status'));
    var keyInput = form.querySelector('input[type=file]');
    function say(text) { status.textContent = text; }
    form.addEventListener('submit', function (event) {
      if (form.elements.signature.value) { return; }
      event.preventDefault();
      var file = keyInput.files && keyInput.files[0];
      if (!file) { say('Not signed: pick your private key file.'); keyInput.focus(); return; }
      say('Reading your key\u2026');
      file.text().then(function (pem) {
        return crypto.subtle.importKey('pkcs8', pemBody(pem), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])
          .catch(function () { throw new Error('the key is not an ECDSA P-256 key in PKCS#8 (browsers sign only P-256 here)'); });
      }).then(function (key) {
        say('Signing in this browser\u2026');
        return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, fromHex(form.getAttribute('data-statement')));
      }).then(function (sig) {
        form.elements.signature.value = hex(toDer(sig));
        say('Signed. Sending the signature (not the key)\u2026');
        form.submit();
      }).catch(function (e) {
        say('Not signed: ' + e.message);
      });
    });
  });
}());
