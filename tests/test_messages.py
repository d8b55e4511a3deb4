"""The message catalogues: every language has every key, with the same placeholders."""

from __future__ import annotations

import string
from importlib import resources

import pytest

from assess.messages import CONSOLE_FILES, LANGUAGES, SOURCE_LANGUAGE, MissingMessage, catalogue, message_files

TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]


def placeholders(template: str) -> set[tuple[str, str, str]]:
    """Return each field of a ``str.format`` template as (name, conversion, format spec)."""
    fields = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is not None:
            fields.add((name, conversion or "", spec or ""))
    return fields


def yaml_names(language: str) -> set[str]:
    folder = resources.files("assess.messages") / language
    return {item.name for item in folder.iterdir() if item.name.endswith(".yaml")}


def test_languages_include_german():
    assert "de" in LANGUAGES


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translation_has_every_file(language):
    missing = yaml_names(SOURCE_LANGUAGE) - CONSOLE_FILES - yaml_names(language)
    assert missing == set()


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translation_has_every_key(language):
    missing = set(catalogue(SOURCE_LANGUAGE).keys()) - set(catalogue(language).keys())
    assert sorted(missing) == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translation_has_no_extra_key(language):
    extra = set(catalogue(language).keys()) - set(catalogue(SOURCE_LANGUAGE).keys())
    assert sorted(extra) == []


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translation_placeholders_match(language):
    english = catalogue(SOURCE_LANGUAGE)
    translated = catalogue(language)
    mismatched = {
        key: (english.template(key), translated.template(key))
        for key in english.keys()
        if key in translated and placeholders(english.template(key)) != placeholders(translated.template(key))
    }
    assert mismatched == {}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_console_keys_come_from_english(language):
    assert catalogue(language).text("cli.wrote", path="out.pdf") == catalogue(SOURCE_LANGUAGE).text("cli.wrote", path="out.pdf")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_console_files_read_from_english_folder(language):
    names = {item.name: item for item in message_files(language)}
    assert names["cli.yaml"] == resources.files("assess.messages") / SOURCE_LANGUAGE / "cli.yaml"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_customer_files_read_from_own_folder(language):
    names = {item.name: item for item in message_files(language)}
    assert names["findings.yaml"] == resources.files("assess.messages") / language / "findings.yaml"


def test_german_text_filled():
    assert catalogue("de").text("report.footer.page", page=2, pages=27) == "Seite 2 von 27"


def test_german_text_keeps_missing_placeholder():
    assert catalogue("de").text("report.header.title") == "IPS-Migrationsbewertung: {customer}"


def test_unsupported_language_rejected():
    with pytest.raises(MissingMessage):
        catalogue("fr")
