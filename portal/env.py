"""Reading the portal's configuration from the environment.

Every helper raises ImproperlyConfigured with the variable's name when a value cannot
be used, so that a typo stops the portal at start-up instead of surfacing later as a
strange behaviour.
"""

import os
import re
from urllib.parse import parse_qs, parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def is_set(name: str) -> bool:
    return _raw(name) is not None


def string(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (also 1/0, yes/no, on/off), not {value!r}."
    )


def integer(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def choice(name: str, default: str, options: list[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in options:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(options)}, not {value!r}."
        )
    return value


def string_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must be a comma-separated list.")
    return items


def database(name: str, default: str) -> dj_database_url.DBConfig:
    """A DATABASES entry from a URL; only PostgreSQL and SQLite are supported."""
    value = _raw(name) or default
    scheme = urlsplit(value).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ImproperlyConfigured(
            f"{name} must be a postgres:// or sqlite:// URL, not one with scheme "
            f"{scheme!r}."
        )
    try:
        return dj_database_url.parse(value)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} is not a valid database URL: {error}"
        ) from None


def redis_url(name: str) -> str | None:
    value = _raw(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"redis", "rediss", "unix"} or not (
        parts.hostname or parts.path
    ):
        raise ImproperlyConfigured(
            f"{name} must look like redis://host:6379/0 (or rediss://, unix://), "
            f"not {value!r}."
        )
    return value


# EMAIL_URL's schemes: the backend, and for SMTP the encryption and default port.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_MAIL_SCHEMES: dict[str, tuple[str, str]] = {
    # scheme: (backend, encryption: "" in the clear, "starttls" or "tls")
    "smtp": (_SMTP, ""),
    "smtp+tls": (_SMTP, "starttls"),
    "submission": (_SMTP, "starttls"),
    "smtps": (_SMTP, "tls"),
    "smtp+ssl": (_SMTP, "tls"),
    "console": ("portal.mail.ReadableConsoleBackend", ""),
    "file": ("django.core.mail.backends.filebased.EmailBackend", ""),
    "memory": ("django.core.mail.backends.locmem.EmailBackend", ""),
    "dummy": ("django.core.mail.backends.dummy.EmailBackend", ""),
}
_SMTP_PORTS = {"": 25, "starttls": 587, "tls": 465}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def email(name: str, default: str) -> dict:
    """E-mail settings from a URL.

    smtp://host:25 sends in the clear (for a relay on the same machine);
    smtp+tls:// (or submission://) upgrades with STARTTLS, port 587 by default;
    smtps:// (or smtp+ssl://) speaks TLS from the first byte, port 465 by default.
    smtp://...?tls=true and ?ssl=true say the same as smtp+tls and smtps. User and
    password are percent-decoded. Also console://, file:///path, memory://, dummy://.
    """
    value = _raw(name) or default
    parts = urlsplit(value)
    if parts.scheme not in _MAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"{name} must start with one of "
            f"{', '.join(s + '://' for s in _MAIL_SCHEMES)}, not {value!r}."
        )
    backend, encryption = _MAIL_SCHEMES[parts.scheme]
    for key, given in parse_qsl(parts.query, keep_blank_values=True):
        if key not in {"tls", "ssl"} or backend != _SMTP:
            raise ImproperlyConfigured(
                f"{name} has an unknown option {key!r}: smtp URLs take tls or ssl."
            )
        if given.lower() not in _TRUE | _FALSE:
            raise ImproperlyConfigured(f"{name}: {key} must be true or false.")
        if given.lower() in _TRUE:
            wanted = "starttls" if key == "tls" else "tls"
            if encryption and encryption != wanted:
                raise ImproperlyConfigured(
                    f"{name} asks for both STARTTLS and TLS: choose smtp+tls:// "
                    "(STARTTLS, port 587) or smtps:// (TLS, port 465)."
                )
            encryption = wanted
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has an invalid port.") from None
    if backend == _SMTP and not parts.hostname:
        raise ImproperlyConfigured(f"{name} needs a host: smtp://host:port.")
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "",
        "EMAIL_PORT": port or (_SMTP_PORTS[encryption] if backend == _SMTP else None),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": encryption == "starttls",
        "EMAIL_USE_SSL": encryption == "tls",
        "EMAIL_FILE_PATH": unquote(parts.path) if parts.scheme == "file" else "",
    }


# S3's rules for bucket names, which S3-compatible stores follow too.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_S3_PARAMETERS = {
    "private_bucket",
    "endpoint_url",
    "region",
    "addressing_style",
    "public_acl",
}


def s3_storage(name: str) -> dict | None:
    """Options of the public and private S3 storages, or None for local files.

    The URL is s3://public-bucket[/prefix]?private_bucket=...&endpoint_url=...&region=...
    (also addressing_style=path|virtual|auto, public_acl=public-read). Keys come from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from boto3's own chain (an
    instance role) when both are unset.
    """
    value = _raw(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"{name} must look like s3://bucket?private_bucket=...&endpoint_url=..., "
            f"not one with scheme {parts.scheme!r}."
        )
    public_bucket = parts.netloc
    _check_bucket(name, public_bucket, "bucket")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - _S3_PARAMETERS
    if unknown:
        raise ImproperlyConfigured(
            f"{name} has unknown parameters: {', '.join(sorted(unknown))} (known: "
            f"{', '.join(sorted(_S3_PARAMETERS))})."
        )
    params = {}
    for key, values in query.items():
        if len(values) > 1 or not values[0]:
            raise ImproperlyConfigured(f"{name} must give {key} once, with a value.")
        params[key] = values[0]
    private_bucket = params.get("private_bucket")
    if private_bucket is None:
        raise ImproperlyConfigured(
            f"{name} must name a private_bucket for files that only authorised staff "
            "may open (hotline attachments)."
        )
    _check_bucket(name, private_bucket, "private_bucket")
    if private_bucket == public_bucket:
        raise ImproperlyConfigured(
            f"{name}: private_bucket must differ from the public bucket, whose files "
            "anyone may read."
        )
    common = {
        "location": parts.path.strip("/"),
        # Like local files: a new upload never replaces an older one of the same name.
        "file_overwrite": False,
    }
    if "endpoint_url" in params:
        endpoint = urlsplit(params["endpoint_url"])
        if endpoint.scheme not in {"http", "https"} or not endpoint.hostname:
            raise ImproperlyConfigured(
                f"{name}: endpoint_url must be an http:// or https:// address, not "
                f"{params['endpoint_url']!r}."
            )
        common["endpoint_url"] = params["endpoint_url"]
    if "region" in params:
        common["region_name"] = params["region"]
    if "addressing_style" in params:
        if params["addressing_style"] not in {"path", "virtual", "auto"}:
            raise ImproperlyConfigured(
                f"{name}: addressing_style must be path, virtual or auto, not "
                f"{params['addressing_style']!r}."
            )
        common["addressing_style"] = params["addressing_style"]
    access_key, secret_key = _raw("AWS_ACCESS_KEY_ID"), _raw("AWS_SECRET_ACCESS_KEY")
    if (access_key is None) != (secret_key is None):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or "
            f"both left unset for an instance role) when {name} is set."
        )
    if access_key:
        common.update(access_key=access_key, secret_key=secret_key)
    public_acl = params.get("public_acl")
    if public_acl not in {None, "public-read"}:
        raise ImproperlyConfigured(
            f"{name}: public_acl can only be public-read, not {public_acl!r}."
        )
    return {
        "public": {
            **common,
            "bucket_name": public_bucket,
            # None leaves the objects to the bucket's policy, which makes them public.
            "default_acl": public_acl,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
        "private": {
            **common,
            "bucket_name": private_bucket,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }


def _check_bucket(name: str, bucket: str, part: str) -> None:
    if not _BUCKET.fullmatch(bucket or ""):
        raise ImproperlyConfigured(
            f"{name}: {part} must be a bucket name (3 to 63 lower-case letters, "
            f"digits, dots and hyphens), not {bucket!r}."
        )


def url_prefix(name: str) -> str | None:
    """A path such as /protected/: starting and ending with a slash."""
    value = _raw(name)
    if value is None:
        return None
    if (
        len(value) < 3
        or not (value.startswith("/") and value.endswith("/"))
        or "//" in value
    ):
        raise ImproperlyConfigured(
            f"{name} must be a path that starts and ends with a slash, such as "
            f"/protected/, not {value!r}."
        )
    return value
