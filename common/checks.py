"""System checks of the shared kernel: run by `manage.py check` and at every start."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, register


@register()
def check_privacy_keys(app_configs, **kwargs) -> list[Error]:
    """Refuse to run with missing or malformed encryption keys: sensitive data would be unreadable or plain."""
    errors = []
    keys = settings.AIXIN_FIELD_ENCRYPTION_KEYS
    if not keys:
        errors.append(
            Error(
                "AIXIN_FIELD_ENCRYPTION_KEYS is empty.",
                hint="Generate one with Fernet.generate_key().",
                id="aixin.E001",
            )
        )
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            errors.append(
                Error(
                    f"Key {position} of AIXIN_FIELD_ENCRYPTION_KEYS is not a Fernet key.",
                    hint="A Fernet key is 32 url-safe base64-encoded bytes.",
                    id="aixin.E002",
                )
            )
    if len(settings.AIXIN_BLIND_INDEX_KEY) < 16:
        errors.append(Error("AIXIN_BLIND_INDEX_KEY is missing or shorter than 16 characters.", id="aixin.E003"))
    return errors
