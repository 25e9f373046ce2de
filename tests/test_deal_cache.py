"""A deal is parsed once per process (batch lines naming a preset), and a rewritten file is parsed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhipu_ipo import deal as deal_module


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = deal_module.parse_deal, deal_module.deal_from_document

    def parsed(text: str, origin: str, path: str) -> deal_module.Deal:
        seen.append(origin)
        return real[0](text, origin, path)

    def compiled(document: dict, origin: str, path: str) -> deal_module.Deal:  # a preset's document, read as JSON
        if not seen or seen[-1] != origin:
            seen.append(origin)
        return real[1](document, origin, path)

    monkeypatch.setattr(deal_module, "parse_deal", parsed)
    monkeypatch.setattr(deal_module, "deal_from_document", compiled)
    monkeypatch.setattr(deal_module, "_PARSED", {})
    return seen


def test_a_preset_is_parsed_once(parses: list[str]) -> None:
    first = deal_module.load_preset("zhipu")
    assert deal_module.load_preset("zhipu") is first
    assert parses == ["preset zhipu"]


def test_a_rewritten_deal_file_is_parsed_again(parses: list[str], tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_text('[offer]\nshares = "1,000"\nprice = "10"\n', encoding="utf-8")
    assert deal_module.load_file(str(path)).get("offer.shares") == 1000
    path.write_text('[offer]\nshares = "2,000"\nprice = "10"\n', encoding="utf-8")  # same size, maybe same mtime
    assert deal_module.load_file(str(path)).get("offer.shares") == 2000
    assert len(parses) == 2


def test_an_invalid_deal_is_refused_every_time(parses: list[str], tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_text("[offer\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(deal_module.InputError):
            deal_module.load_file(str(path))
    assert len(parses) == 2


def test_the_cache_is_bounded(parses: list[str], tmp_path: Path) -> None:
    for index in range(deal_module.MAX_PARSED + 5):
        path = tmp_path / f"deal{index}.toml"
        path.write_text(f'[offer]\nshares = "{index + 1}"\nprice = "10"\n', encoding="utf-8")
        deal_module.load_file(str(path))
    assert len(deal_module._PARSED) <= deal_module.MAX_PARSED


def test_a_preset_edited_since_it_was_compiled_is_read_from_its_toml(tmp_path: Path, monkeypatch) -> None:
    import shutil

    copy = tmp_path / "presets"
    shutil.copytree(deal_module.PRESETS_DIR, copy)
    assert deal_module.compiled_document((copy / "zhipu.toml").read_text(encoding="utf-8"),
                                         str(copy / "zhipu.toml")) is not None
    edited = (copy / "zhipu.toml").read_text(encoding="utf-8").replace('shares = "37,419,500"', 'shares = "37,419,600"')
    (copy / "zhipu.toml").write_text(edited, encoding="utf-8")
    assert deal_module.compiled_document(edited, str(copy / "zhipu.toml")) is None
    monkeypatch.setattr(deal_module, "PRESETS_DIR", str(copy))
    monkeypatch.setattr(deal_module, "_PARSED", {})
    assert deal_module.load_preset("zhipu").get("offer.shares") == 37_419_600


def test_the_compiled_document_is_the_tomls() -> None:
    import tomllib

    for name in deal_module.preset_names():
        toml = Path(deal_module.PRESETS_DIR) / f"{name}.toml"
        text = toml.read_text(encoding="utf-8")
        assert deal_module.compiled_document(text, str(toml)) == tomllib.loads(text, parse_float=str), name
