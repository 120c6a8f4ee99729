# ruff: noqa: E501 (each string is exactly as its library writes it)
"""Words of Django and of the second-factor libraries that their own Ukrainian
catalogues leave in English ("- Select an option -" in every select, "Filter by" above
the date drill-down, the admin's delete confirmations, model names of passkeys...).

They are listed here only so that `make messages` extracts them into locale/uk, where
the portal translates them; the project's catalogue is read before the libraries'.
tests/test_django_catalogue.py fails when a library's catalogue has a string that
neither it nor the portal translates, for instance after an upgrade.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

WORDS = [
    gettext_noop(
        "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."
    ),
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop(
        "“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."
    ),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."
    ),
    gettext_noop(
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time."
    ),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop(
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."
    ),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be either None, True or False."),
    gettext_noop(
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."
    ),
    gettext_noop("“%(value)s” is not a valid binary value."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    gettext_noop(
        "ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. You may need to file a bug report if the issue persists."
    ),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.",
        "Please submit at least %(num)d forms.",
        1,
    ),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop(
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist."
    ),
    gettext_noop("No %s matches the given query."),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop(
        "You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your web browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties."
    ),
    gettext_noop(
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like <a rel="noreferrer" …> for links to third-party sites.'
    ),
    gettext_noop(
        "If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests."
    ),
    gettext_noop("Invalid date string “%(datestr)s” given format “%(format)s”"),
    gettext_noop("Page is not “last”, nor can it be converted to an int."),
    gettext_noop("Empty list and “%(class_name)s.allow_empty” is False."),
    gettext_noop('The app "%s" could not be found.'),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", 1),
    gettext_noop("Run"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop(
        "After you’ve created a user, you’ll be able to edit more user options."
    ),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following related items will be deleted:"
    ),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Logout"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Please enter your OTP token."),
    gettext_noop("Error generating challenge: {0}"),
    gettext_noop("The selected OTP device is not interactive"),
    gettext_noop("OTP Challenge: {0}"),
    gettext_noop("Invalid token. Please make sure you have entered it correctly."),
    ngettext_lazy(
        "Verification temporarily disabled because of %(failure_count)d failed attempt, please try again soon.",
        "Verification temporarily disabled because of %(failure_count)d failed attempts, please try again soon.",
        1,
    ),
    gettext_noop("Verification of the token is currently disabled"),
    gettext_noop("sent by email"),
    gettext_noop("Please correct the error below."),
    gettext_noop("OTP Device:"),
    gettext_noop("OTP Token:"),
    gettext_noop("Forgotten your password or username?"),
    gettext_noop("Get OTP Challenge"),
    gettext_noop("COSE public key"),
    gettext_noop("Identity"),
    gettext_noop("Meta"),
    gettext_noop("WebAuthn credential data"),
    gettext_noop("OTP WebAuthn"),
    gettext_noop("Error processing WebAuthn request."),
    gettext_noop("Malformed request. JSON not parsable."),
    gettext_noop(
        "State is missing or invalid. Please begin the operation first before trying to complete it."
    ),
    gettext_noop("Unprocessable Entity"),
    gettext_noop("Passwordless login is disabled."),
    gettext_noop("This user account is marked as disabled."),
    gettext_noop("This Passkey has been marked as disabled."),
    gettext_noop("The Passkey you tried to use was not found. Perhaps it was removed?"),
    gettext_noop(
        "The Passkey you tried to use does not belong to the currently logged-in user. Try using a different Passkey or logout first to use this Passkey."
    ),
    gettext_noop("Authentication required."),
    gettext_noop("User is not verified."),
    gettext_noop("client data JSON"),
    gettext_noop("WebAuthn attestation"),
    gettext_noop("WebAuthn attestations"),
    gettext_noop("WebAuthn credential"),
    gettext_noop("WebAuthn credentials"),
    gettext_noop("Public Key"),
    gettext_noop("credential type"),
    gettext_noop("credential id data"),
    gettext_noop("COSE public key data"),
    gettext_noop("transports"),
    gettext_noop("sign count"),
    gettext_noop("backup eligible"),
    gettext_noop("backup state"),
    gettext_noop("AAGUID"),
    gettext_noop("hashed credential id"),
    gettext_noop("discoverable"),
    gettext_noop("credential"),
    gettext_noop("handle hex"),
    gettext_noop("WebAuthn user handle"),
    gettext_noop("WebAuthn user handles"),
    gettext_noop(
        "You must verify your identity first with an existing MFA device before you can register a new passkey."
    ),
]
