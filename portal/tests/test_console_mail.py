"""The embedded default prints e-mail as a person reads it (portal.mail)."""

import io

from django.core.mail import EmailMultiAlternatives

from portal.mail import ReadableConsoleBackend


def test_a_ukrainian_message_prints_readable_not_base64():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="Ваша скарга 2026-000038 отримана",
        body="Дякуємо! Відповідь надійде до 10 грудня.\nПерегляньте стан за кодом.",
        from_email="portal@localhost",
        to=["olena@example.org"],
    )
    message.attach_alternative("<p>Дякуємо!</p>", "text/html")
    message.attach("receipt.txt", "Код: AAAA-BBBB", "text/plain")

    ReadableConsoleBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: Ваша скарга 2026-000038 отримана" in printed
    assert "To: olena@example.org" in printed
    assert "Дякуємо! Відповідь надійде до 10 грудня." in printed
    assert "base64" not in printed and "=?utf-8?" not in printed
    assert "<p>" not in printed
    assert "receipt.txt" in printed
