// Key sign-in: reads the member's certificate and PKCS#8 key from files the member picks (or
// both from a PKCS#12 file and its password, see pkcs12.js), asks
// the node for a one-time challenge, signs it with WebCrypto (ECDSA P-256, SHA-256) and submits
// the signature. The key never leaves the browser. Loaded as a file: the portal's CSP runs no
// inline script.
(function () {
  'use strict';
  var form = document.getElementById('key-signin');
  if (!form) { return; }
  var status = document.getElementById('key-status');

  function readFile(input, what) {
    return new Promise(function (resolve, reject) {
      var file = input.files && input.files[0];
      if (!file) { reject(new Error('pick your ' + what + ' file')); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result)); };
      reader.onerror = function () { reject(new Error('cannot read the ' + what + ' file')); };
      reader.readAsText(file);
    });
  }

  function pemBody(pem, label) {
    var m = pem.match(new RegExp('-----BEGIN ' + label + '-----([\\s\\S]*?)-----END ' + label + '-----'));
    if (!m) { throw new Error('the key file is not a PEM "' + label + '" (PKCS#8); an encrypted or EC PRIVATE KEY file must be converted first'); }
    var bin = atob(m[1].replace(/\s+/g, ''));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return bytes.buffer;
  }

  // WebCrypto gives r || s (IEEE P1363); the node verifies DER (SEQUENCE of two INTEGERs).
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

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  function readBytes(input) {
    return new Promise(function (resolve, reject) {
      var file = input.files && input.files[0];
      if (!file) { reject(new Error('pick your .p12 file')); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { reject(new Error('cannot read the .p12 file')); };
      reader.readAsArrayBuffer(file);
    });
  }

  // The member's certificate (PEM text) and signing key from the two PEM files.
  function fromKeyFiles() {
    var certificate;
    return readFile(document.getElementById('certificate-file'), 'certificate').then(function (pem) {
      certificate = pem;
      return readFile(document.getElementById('key-file'), 'private key');
    }).then(function (keyPem) {
      return crypto.subtle.importKey('pkcs8', pemBody(keyPem, 'PRIVATE KEY'), { name: 'ECDSA', namedCurve: 'P-256' },
        false, ['sign']).catch(function () {
        throw new Error('the key is not an ECDSA P-256 key in PKCS#8 (browsers sign only P-256 here)');
      });
    }).then(function (key) { return { certificate: certificate, key: key }; });
  }

  // The same from a PKCS#12 file and its password (pkcs12.js).
  function fromPkcs12() {
    var password = document.getElementById('p12-password').value;
    return readBytes(document.getElementById('p12-file')).then(function (bytes) {
      return window.MedLedgerPkcs12.read(bytes, password);
    });
  }

  // The challenge flow both forms share: the node's challenge for the certificate, signed here.
  function signInWith(signInForm, statusLine, credentials) {
    function tell(text) { statusLine.textContent = text; }
    signInForm.addEventListener('submit', function (event) {
      if (signInForm.elements.signature.value) { return; }
      event.preventDefault();
      tell('Reading your files…');
      credentials().then(function (member) {
        tell('Asking this node for a challenge…');
        var body = new URLSearchParams();
        body.set('csrf', signInForm.elements.csrf.value);
        body.set('certificate', member.certificate);
        return fetch(signInForm.getAttribute('data-challenge'), { method: 'POST', body: body, credentials: 'same-origin' })
          .then(function (r) {
            return r.json().then(function (j) {
              if (!r.ok) { throw new Error(j.message || ('the node answered ' + r.status)); }
              return j;
            });
          }).then(function (j) {
            tell('Signing the challenge with your key…');
            return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, member.key, new TextEncoder().encode(j.sign))
              .then(function (sig) { return { challenge: j.challenge, signature: hex(toDer(sig)) }; });
          });
      }).then(function (signed) {
        signInForm.elements.challenge.value = signed.challenge;
        signInForm.elements.signature.value = signed.signature;
        tell('Signing in…');
        signInForm.submit();
      }).catch(function (e) {
        tell('Not signed in: ' + e.message);
      });
    });
  }

  signInWith(form, status, fromKeyFiles);
  var p12 = document.getElementById('p12-signin');
  if (p12) { signInWith(p12, document.getElementById('p12-status'), fromPkcs12); }
}());
