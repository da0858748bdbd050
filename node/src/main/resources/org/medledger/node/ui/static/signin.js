// Key sign-in: reads the member's certificate and PKCS#8 key from files the member picks, asks
// the node for a one-time challenge, signs it with WebCrypto (ECDSA P-256, SHA-256) and submits
// the signature. The key never leaves the browser. Loaded as a file: the portal's CSP runs no
// inline script.
(function () {
  'use strict';
  var form = document.getElementById('key-signin');
  if (!form) { return; }
  var status = document.getElementById('key-status');

  function say(text) { status.textContent = text; }

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

  form.addEventListener('submit', function (event) {
    if (form.elements.signature.value) { return; }
    event.preventDefault();
    var certificate;
    say('Reading your files…');
    readFile(document.getElementById('certificate-file'), 'certificate').then(function (pem) {
      certificate = pem;
      return readFile(document.getElementById('key-file'), 'private key');
    }).then(function (keyPem) {
      return crypto.subtle.importKey('pkcs8', pemBody(keyPem, 'PRIVATE KEY'), { name: 'ECDSA', namedCurve: 'P-256' },
        false, ['sign']).catch(function () {
        throw new Error('the key is not an ECDSA P-256 key in PKCS#8 (browsers sign only P-256 here)');
      });
    }).then(function (key) {
      say('Asking this node for a challenge…');
      var body = new URLSearchParams();
      body.set('csrf', form.elements.csrf.value);
      body.set('certificate', certificate);
      return fetch(form.getAttribute('data-challenge'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (r) {
          return r.json().then(function (j) {
            if (!r.ok) { throw new Error(j.message || ('the node answered ' + r.status)); }
            return j;
          });
        }).then(function (j) {
          say('Signing the challenge with your key…');
          return crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(j.sign))
            .then(function (sig) { return { challenge: j.challenge, signature: hex(toDer(sig)) }; });
        });
    }).then(function (signed) {
      form.elements.challenge.value = signed.challenge;
      form.elements.signature.value = signed.signature;
      say('Signing in…');
      form.submit();
    }).catch(function (e) {
      say('Not signed in: ' + e.message);
    });
  });
}());
