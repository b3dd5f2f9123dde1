"""卡介质 without a card reader: FIDO2/WebAuthn security keys bound to accounts, signing in
with them, and confirming an action with them (the ceremonies' server side, on py_webauthn)."""
