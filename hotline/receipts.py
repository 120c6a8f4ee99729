"""Receipt codes: the resident's only key to a complaint.

A code carries 80 random bits in 16 Crockford base-32 characters, grouped by four for
reading aloud over the phone (K7QM-3XPA-9TND-V2HC). The portal keeps only its SHA-256
hash, so the code cannot be recovered from the database; 80 bits make guessing hopeless
and lookups are rate-limited as well.
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O or U
LENGTH = 16
# Characters people confuse when they copy a code by hand.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_receipt() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(text: str) -> str | None:
    """The bare code from what a resident typed, or None if it cannot be one."""
    code = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    code = code.translate(_READ_AS)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def receipt_hash(text: str) -> str | None:
    code = normalise(text)
    if code is None:
        return None
    return hashlib.sha256(code.encode()).hexdigest()
