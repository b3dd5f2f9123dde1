/* 卡介质: the browser side of the security-key ceremonies (WebAuthn). The server
   (accounts.keys) decides everything; this file only moves its JSON options into the browser's
   binary API and the authenticator's answer back, as JSON.

   - form[data-key-register="<options url>"]: binds a key (posts name + attestation to the
     form's action, then follows the answer's redirect).
   - [data-key-sign-in="<options url>"][data-key-sign-in-finish="<url>"]: signs in with a key.
   - form[data-key-confirm="<options url>"]: before the form is sent, the user's key signs the
     challenge (which ends with the SHA-256 of the content); the answer travels in the hidden
     inputs key_challenge and key_assertion, and the form is then sent as it would have been. */
(function () {
  "use strict";

  function toBytes(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw = atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      return Object.assign({}, c, { id: toBytes(c.id) });
    });
  }

  function creationOptions(o) {
    return Object.assign({}, o, {
      challenge: toBytes(o.challenge),
      user: Object.assign({}, o.user, { id: toBytes(o.user.id) }),
      excludeCredentials: withIds(o.excludeCredentials)
    });
  }

  function requestOptions(o) {
    return Object.assign({}, o, {
      challenge: toBytes(o.challenge),
      allowCredentials: withIds(o.allowCredentials)
    });
  }

  function asJSON(credential) {
    var r = credential.response, response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response
    };
  }

  // Follow the server's answer; to the same page (maybe with another #fragment) a plain
  // assignment would only scroll, so reload it.
  function go(target) {
    var url = new URL(target, window.location.href);
    var here = window.location;
    if (url.pathname === here.pathname && url.search === here.search) {
      if (url.hash !== here.hash) window.history.replaceState(window.history.state, "", url.href);
      window.location.reload();
    } else {
      window.location.assign(url.href);
    }
  }

  function csrfToken(scope) {
    var input = (scope && scope.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (data) {
        if (!answer.ok) throw new Error(data.detail || answer.statusText);
        return data;
      });
    });
  }

  function statusBox(near) {
    var scope = near.closest("section, form, .signin-card, .dialog") || document;
    return scope.querySelector("[data-key-status]") || document.querySelector("[data-key-status]");
  }

  function say(near, text, isError) {
    var box = statusBox(near);
    if (!box) return;
    box.hidden = !text;
    box.textContent = text || "";
    box.classList.toggle("is-error", !!isError);
  }

  function failure(el, error) {
    // The browser's own errors when the user cancels or the key does not answer in time.
    if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      return el.dataset.msgCancelled || error.message;
    }
    return (error && error.message) || String(error);
  }

  function supported(el) {
    if (window.PublicKeyCredential && navigator.credentials) return true;
    say(el, el.dataset.msgUnsupported, true);
    return false;
  }

  function register(form, submitter) {
    var name = form.querySelector("[name=name]"), token = csrfToken(form);
    if (submitter) submitter.disabled = true;
    say(form, form.dataset.msgWorking, false);
    post(form.dataset.keyRegister, {}, token).then(function (options) {
      return navigator.credentials.create({ publicKey: creationOptions(options.publicKey) }).then(function (credential) {
        return post(form.action, {
          challenge_id: options.challenge_id, name: name ? name.value : "", credential: asJSON(credential)
        }, token);
      });
    }).then(function (answer) {
      go(answer.redirect);
    }).catch(function (error) {
      say(form, failure(form, error), true);
    }).finally(function () {
      if (submitter) submitter.disabled = false;
    });
  }

  function signIn(button) {
    var form = button.closest("form"), token = csrfToken(form || document);
    var username = button.dataset.username ||
      (form && form.querySelector("[name=username]") ? form.querySelector("[name=username]").value : "");
    button.disabled = true;
    say(button, button.dataset.msgWorking, false);
    post(button.dataset.keySignIn, { username: username }, token).then(function (options) {
      return navigator.credentials.get({ publicKey: requestOptions(options.publicKey) }).then(function (credential) {
        return post(button.dataset.keySignInFinish, {
          challenge_id: options.challenge_id, credential: asJSON(credential), next: button.dataset.next || ""
        }, token);
      });
    }).then(function (answer) {
      go(answer.redirect);
    }).catch(function (error) {
      say(button, failure(button, error), true);
      button.disabled = false;
    });
  }

  function field(form, name) {
    var input = form.querySelector("input[name=" + name + "]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }

  function confirm(form, submitter) {
    var token = csrfToken(form);
    if (submitter) submitter.disabled = true;
    say(form, form.dataset.msgWorking, false);
    post(form.dataset.keyConfirm, {}, token).then(function (options) {
      if (options.content_sha256) say(form, (form.dataset.msgDigest || "") + options.content_sha256, false);
      return navigator.credentials.get({ publicKey: requestOptions(options.publicKey) }).then(function (credential) {
        field(form, "key_challenge").value = options.challenge_id;
        field(form, "key_assertion").value = JSON.stringify(asJSON(credential));
        form.dataset.keyConfirmed = "1";
        if (submitter) submitter.disabled = false;
        if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
      });
    }).catch(function (error) {
      say(form, failure(form, error), true);
      if (submitter) submitter.disabled = false;
    });
  }

  // Capture phase: runs before htmx's own submit handler on the form, so nothing is sent
  // until the key has answered.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-key-register]")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (supported(form)) register(form, event.submitter);
    } else if (form.matches("form[data-key-confirm]")) {
      if (form.dataset.keyConfirmed === "1") {
        delete form.dataset.keyConfirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      if (supported(form)) confirm(form, event.submitter);
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-key-sign-in]");
    if (!button) return;
    event.preventDefault();
    if (supported(button)) signIn(button);
  });
})();
