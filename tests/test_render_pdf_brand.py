"""The --brand file: reading and checking it, and its firm name, colours and logo in the PDF."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pypdf import PdfReader

from assess.brand import Brand, load_brand
from assess.errors import UsageError
from assess.messages import catalogue
from assess.render import RenderOptions, build_view
from assess.render.pdf import PageContext, render_html, write_pdf
from assess.resources import templates_dir
from render_fixtures import MARKUP, catalog, landscape

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="60" height="20" fill="#f59e0b"/></svg>'
STYLESHEET_URL = (templates_dir() / "report.css").resolve().as_uri()


def _brand_file(folder, text, name="brand.yaml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(folder, text, name="brand.yaml") -> str:
    with pytest.raises(UsageError) as raised:
        load_brand(_brand_file(folder, text, name))
    return str(raised.value)


def test_brand_yaml_all_keys(tmp_path):
    (tmp_path / "logo.svg").write_text(LOGO)
    text = (
        "firm_name: Northwind Consulting\nlogo: logo.svg\nprimary_color: '#1F2937'\n"
        "accent_color: '#f90'\ndisclaimer: Based on the inventory supplied.\ncontact: jane@northwind.example\n"
    )
    brand = load_brand(_brand_file(tmp_path, text))
    assert brand.firm_name == "Northwind Consulting"
    assert brand.logo == (tmp_path / "logo.svg").resolve()
    assert brand.primary_color == "#1f2937"
    assert brand.accent_color == "#ff9900"
    assert brand.disclaimer == "Based on the inventory supplied."
    assert brand.contact == "jane@northwind.example"


def test_brand_toml(tmp_path):
    brand = load_brand(_brand_file(tmp_path, 'firm_name = "Northwind"\nprimary_color = "#123456"\n', "brand.toml"))
    assert brand.firm_name == "Northwind"
    assert brand.primary_color == "#123456"
    assert brand.accent_color == Brand().accent_color


def test_brand_invalid_colour_message(tmp_path):
    message = _error(tmp_path, "accent_color: blue\n")
    assert str(tmp_path / "brand.yaml") in message
    assert "'accent_color'" in message
    assert "'blue'" in message
    assert '"#RRGGBB"' in message
    assert "\n" not in message


def test_brand_unquoted_colour_message(tmp_path):
    message = _error(tmp_path, "primary_color: #0b3d6b\n")
    assert "has no value" in message
    assert "in quotes" in message


def test_brand_unknown_key(tmp_path):
    message = _error(tmp_path, "colour: '#000000'\n")
    assert "unknown key 'colour'" in message
    assert "primary_color" in message


def test_brand_text_not_string(tmp_path):
    assert "is not text" in _error(tmp_path, "firm_name: [a, b]\n")


def test_brand_text_too_long(tmp_path):
    assert "at most 80" in _error(tmp_path, "firm_name: " + "x" * 81 + "\n")


def test_brand_syntax_error(tmp_path):
    assert "is not valid TOML" in _error(tmp_path, "firm_name = \n", "brand.toml")


def test_brand_missing_file(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_brand(tmp_path / "missing.yaml")


def test_brand_unknown_suffix(tmp_path):
    assert "name it .yaml, .yml or .toml" in _error(tmp_path, "firm_name: x\n", "brand.json")


def test_brand_logo_missing(tmp_path):
    assert "is not a file" in _error(tmp_path, "logo: nowhere.png\n")


def test_brand_logo_not_image(tmp_path):
    (tmp_path / "logo.png").write_text("not a png")
    assert "not a PNG, SVG or JPEG image" in _error(tmp_path, "logo: logo.png\n")


def test_brand_logo_other_format(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    assert "not a PNG, SVG or JPEG image" in _error(tmp_path, "logo: logo.gif\n")


def test_cover_text_contrasts_with_primary():
    assert Brand(primary_color="#0b3d6b").cover_text_color == "#ffffff"
    assert Brand(primary_color="#fde68a").cover_text_color == "#1d2433"


def test_brand_colours_in_style():
    html = render_html(build_view(landscape(), RenderOptions(catalog=catalog())), catalogue("en"), PageContext(brand=Brand(primary_color="#123456")))
    assert "--primary: #123456;" in html


def test_brand_markup_escaped():
    brand = Brand(firm_name=MARKUP, disclaimer=MARKUP, contact=MARKUP)
    html = render_html(build_view(landscape(), RenderOptions(catalog=catalog())), catalogue("en"), PageContext(brand=brand))
    assert MARKUP not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_branded_pdf(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text(LOGO)
    brand = Brand(firm_name="Northwind Consulting", logo=logo, contact="jane@northwind.example", disclaimer="Based on the inventory supplied.")
    result = write_pdf(build_view(landscape(), RenderOptions(catalog=catalog())), catalogue("en"), tmp_path / "brand.pdf", brand=brand)
    reader = PdfReader(tmp_path / "brand.pdf")
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Northwind Consulting" in cover
    assert "jane@northwind.example" in cover
    assert "Based on the inventory supplied." in cover
    assert "by Northwind Consulting" in " ".join(reader.pages[2].extract_text().split())
    assert reader.metadata.author == "Northwind Consulting"
    assert result.requested == [STYLESHEET_URL, logo.resolve().as_uri()]
    assert result.warnings == []


def test_cli_brand_error_exit_2(tmp_path):
    brand = _brand_file(tmp_path, "primary_color: blue\n")
    command = [sys.executable, "-m", "assess", "run", "--out", str(tmp_path / "out"), "--brand", str(brand)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 2
    assert "'primary_color' has the value 'blue'" in completed.stderr
    assert not (tmp_path / "out").exists()
