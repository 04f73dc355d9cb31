"""Production settings: refuse to start without secrets, pass Django's deploy checks, keep staff 2FA."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AIXIN_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "aixin.example.org",
            "DATABASE_URL": "sqlite:////tmp/aixin-production-check.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp://mail.example.org:587",
            "AIXIN_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "AIXIN_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


class ProductionSettingsTests:
    def test_deploy_checks_pass_with_no_warnings(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize(
        "missing",
        [
            "DJANGO_SECRET_KEY",
            "DJANGO_ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "AIXIN_FIELD_ENCRYPTION_KEYS",
            "AIXIN_BLIND_INDEX_KEY",
        ],
    )
    def test_refuses_to_start_without_a_required_setting(self, missing):
        env = production_env()
        del env[missing]
        result = manage("check", env=env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert missing in result.stderr

    def test_a_malformed_encryption_key_stops_the_checks(self):
        result = manage("check", env=production_env(AIXIN_FIELD_ENCRYPTION_KEYS="not-a-fernet-key"))
        assert result.returncode != 0
        assert "aixin.E002" in result.stderr

    def test_staff_two_factor_cannot_be_relaxed(self):
        env = production_env(AIXIN_STAFF_MFA_OPTIONAL="true")
        result = manage(
            "shell", "-c", "from django.conf import settings; print(settings.AIXIN_REQUIRE_STAFF_MFA)", env=env
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "True"

    def test_demo_data_is_refused(self):
        result = manage("seed_demo", env=production_env())
        assert result.returncode != 0
        assert "Unknown command" not in result.stderr
        assert "AIXIN_DEMO_DATA_ALLOWED" in result.stderr or "production" in result.stderr.lower()


class LocalSettingsTests:
    def test_local_switch_relaxes_staff_two_factor(self):
        env = production_env(DJANGO_SETTINGS_MODULE="config.settings.local", AIXIN_STAFF_MFA_OPTIONAL="true")
        result = manage(
            "shell", "-c", "from django.conf import settings; print(settings.AIXIN_REQUIRE_STAFF_MFA)", env=env
        )
        assert result.stdout.strip().splitlines()[-1] == "False"


class SocialProviderTests:
    def run_with(self, **env: str) -> str:
        result = manage(
            "shell",
            "-c",
            "from django.conf import settings; "
            "print('weixin' if 'allauth.socialaccount.providers.weixin' in settings.INSTALLED_APPS else 'none')",
            env=production_env(DJANGO_SETTINGS_MODULE="config.settings.local", **env),
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    def test_no_provider_without_keys(self):
        assert self.run_with() == "none"

    def test_wechat_is_enabled_by_its_keys(self):
        assert self.run_with(WEIXIN_CLIENT_ID="wx0123456789", WEIXIN_CLIENT_SECRET="s3cret") == "weixin"
