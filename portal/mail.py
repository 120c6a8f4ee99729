"""E-mail printed to the console (EMAIL_URL=console://, the embedded default), as a
person reads it: the headers, then each text part decoded, instead of the message's
wire form, in which Ukrainian text is base64 that nobody trying the portal can read."""

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        wire = message.message()
        lines = [f"{name}: {wire[name]}" for name in ("From", "To", "Subject")]
        if wire["Reply-To"]:
            lines.append(f"Reply-To: {wire['Reply-To']}")
        lines.append("")
        for part in wire.walk():
            if part.get_content_maintype() == "multipart":
                continue
            kind = part.get_content_type()
            if part.is_attachment():
                lines.append(f"[{kind}: {part.get_filename() or kind}]")
            elif kind == "text/plain":
                lines.append(part.get_content().rstrip("\n"))
            # The HTML twin of the text says the same.
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
