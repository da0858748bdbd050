// The public credential check (/ui/credentials/check): a credential's QR code opens this page
// with the code in the address's fragment (#MLCRED2:...), which a browser never sends to a
// server; this script reads it, posts it to the node's check (POST /v1/credentials/check) and
// shows the node's verdict. A pasted code goes the same way. The code's format is the node's to
// read: this script only carries the text. Loaded as a file: the portal's CSP runs no inline script.
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  var field = document.getElementById('code');
  var status = document.getElementById('check-status');
  var verdict = document.getElementById('verdict');
  var details = document.getElementById('verdict-credential');

  function text(id, value) { document.getElementById(id).textContent = value; }

  function show(r) {
    verdict.className = 'verdict ' + r.tone;
    text('verdict-heading', r.verdict);
    var reason = document.getElementById('verdict-reason');
    reason.textContent = '';
    if (r.reason) {
      reason.appendChild(document.createTextNode('Reason: '));
      var code = document.createElement('strong');
      code.textContent = r.reason;
      reason.appendChild(code);
    }
    text('verdict-message', r.message);
    text('verdict-snapshot', r.snapshot);
    verdict.hidden = false;
    details.textContent = '';
    var c = r.credential;
    if (c) {
      [['Licence', c.licence], ['Profession', c.profession], ['Issued by', c.issuer],
        ['Holder', c.holderOrganisation + ', certificate ' + c.holder], ['Scope of practice', c.scopes.join(', ')],
        ['Valid until', c.validUntil]].forEach(function (f) {
        var div = document.createElement('div'), dt = document.createElement('dt'), dd = document.createElement('dd');
        dt.textContent = f[0];
        dd.textContent = f[1];
        div.appendChild(dt);
        div.appendChild(dd);
        details.appendChild(div);
      });
    }
    details.hidden = !c;
  }

  function check(code) {
    status.textContent = 'Checking\u2026';
    fetch(form.getAttribute('data-api'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: code, maxAge: document.getElementById('max-age').value }),
      credentials: 'omit'
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.message || ('the node answered ' + response.status)); }
        return body;
      });
    }).then(function (r) {
      status.textContent = 'Checked: ' + r.verdict + (r.reason ? ' (' + r.reason + ')' : '') + '.';
      show(r);
    }).catch(function (e) {
      status.textContent = 'Not checked: ' + e.message;
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var code = field.value.trim();
    if (!code) { status.textContent = 'Not checked: paste the code\u2019s text first.'; field.focus(); return; }
    // The address then carries the code as a QR's would (in the fragment, never sent): reloading checks it again.
    // A Base45 code's space and '%' are written %20 and %25 there, as CredentialQr.link writes them.
    history.replaceState(null, '', '#' + code.replace(/%/g, '%25').replace(/ /g, '%20'));
    check(code);
  });
  // The fragment as a link carries it (CredentialQr.link): percent-escapes undone, the code's text itself.
  var fragment = window.location.hash.slice(1);
  try { fragment = decodeURIComponent(fragment); } catch (e) { /* no valid escapes: the text as it came */ }
  if (fragment) {
    field.value = fragment;
    check(fragment);
  }
}());
