"""The Chinese catalogue is complete, compiled, and in step with the interface text in the code."""

import ast
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


def parse_po(text: str) -> list[Entry]:
    """Return the entries of a gettext catalogue (enough of the format for Django's makemessages output)."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish():
        nonlocal entry
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry = Entry()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value, keyword = ast.literal_eval(line), None
        else:
            value = ast.literal_eval(rest)
        if keyword == "msgctxt":
            if entry.msgid or entry.msgstr:
                finish()
            entry.msgctxt, target = value, ("msgctxt", 0)
        elif keyword == "msgid":
            if entry.msgstr:
                finish()
            entry.msgid, target = value, ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, ("msgid_plural", 0)
        elif keyword and keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[index], target = value, ("msgstr", index)
        elif keyword is None and target is not None:
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += value
            elif name == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            else:
                setattr(entry, name, getattr(entry, name) + value)
    finish()
    return [entry for entry in entries if entry.msgid]


def catalogue_entries() -> list[Entry]:
    return parse_po(CATALOGUE.read_text(encoding="utf-8"))


class TranslationTests:
    def test_every_entry_is_translated_and_not_fuzzy(self):
        entries = catalogue_entries()
        assert len(entries) > 100
        untranslated = [entry.msgid for entry in entries if not all(entry.msgstr.values()) or entry.fuzzy]
        assert untranslated == []

    def test_compiled_catalogue_matches_its_source(self):
        """A stale .mo (``make messages`` not run after editing the .po) shows up as a mismatch here."""
        stale = []
        with translation.override("zh-hans"):
            for entry in catalogue_entries():
                if entry.msgid_plural:
                    got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                elif entry.msgctxt is not None:
                    got = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    got = translation.gettext(entry.msgid)
                if got != entry.msgstr[0]:
                    stale.append(entry.msgid)
        assert stale == []

    @pytest.mark.skipif(
        shutil.which("xgettext") is None,
        reason="needs GNU gettext (xgettext) to extract messages from the code; CI installs it",
    )
    def test_catalogue_holds_every_message_in_the_code(self, tmp_path):
        original = CATALOGUE.read_bytes()
        try:
            result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "--locale",
                    "zh_Hans",
                    "--no-obsolete",
                    "--no-location",
                    "--ignore",
                    ".venv/*",
                    "--ignore",
                    "var/*",
                    "--ignore",
                    "tests/*",
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stderr
            fresh = {(entry.msgctxt, entry.msgid) for entry in catalogue_entries()}
        finally:
            CATALOGUE.write_bytes(original)
        known = {(entry.msgctxt, entry.msgid) for entry in catalogue_entries()}
        assert sorted(msgid for _, msgid in fresh - known) == [], "run `make messages` and translate the new text"
