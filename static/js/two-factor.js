// A passkey just added shows in the list of authenticators: load the page again.
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
