"""Issue 18 ("Fast again"): work that grows with the input, counted rather than timed (no wall-clock asserts)."""

from __future__ import annotations

from conftest import invoke
from zhipu_ipo.render import every_word_whole


class CountingText(str):
    """A rendered text that counts the substring searches made in it."""

    searches = 0

    def __contains__(self, word: object) -> bool:
        CountingText.searches += 1
        return str.__contains__(self, word)  # type: ignore[operator]


def _rows(count: int) -> list[list[str]]:
    return [[f"label {index}", f"{index:,}", f"{index * 7:,}.25", "4,643 out of 92,859"] for index in range(count)]


def test_the_fold_check_does_not_search_the_whole_output_once_per_word():
    rows = _rows(2_000)
    plain = CountingText("\n".join("  " + "   ".join(row) + "  " for row in rows))
    CountingText.searches = 0
    assert every_word_whole(plain, rows)
    assert CountingText.searches == 0  # every word drawn whole is found among the drawn words


def test_the_fold_check_sees_a_value_folded_or_cut():
    rows = [["Gross proceeds", "4,348,145,900.00"], ["Net", "12.5"]]
    assert every_word_whole("Gross proceeds  4,348,145,900.00\nNet  12.5", rows)
    assert not every_word_whole("Gross      4,348,145,\nproceeds   900.00\nNet  12.5", rows)
    assert not every_word_whole("Gross proceeds  4,348,14…\nNet  12.5", rows)
    # a word drawn inside a longer word still counts, as the check always did
    assert every_word_whole("Gross proceeds  x4,348,145,900.00x\nNet  12.5", rows)


def _ballot_table(tiers: int) -> str:
    lines = ["pool,shares_applied,valid_applications,basis"]
    for tier in range(1, tiers + 1):
        applications = 100_000 - tier * 10
        winners = max(1, applications // (10 + tier))
        lines.append(f',{100 * tier},"{applications:,}","{winners:,} out of {applications:,} applicants to receive '
                     f'100 H Shares"')
    return "\n".join(lines) + "\n"


def test_a_long_ballot_table_is_drawn_whole_or_stacked(tmp_path):
    table = tmp_path / "tiers.csv"
    table.write_text(_ballot_table(300), encoding="utf-8")
    args = ("ballot", "--table", str(table), "--board-lot", "100", "--price", "116.20")
    piped = invoke(*args)
    assert piped.code == 0, piped.stderr
    assert "3,000" in piped.stdout and "Basis of allotment" in piped.stdout
    narrow = invoke(*args, env={"COLUMNS": "60", "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert narrow.code == 0, narrow.stderr
    assert "    Shares applied for: 30,000" in narrow.stdout  # stacked: each value whole on its own line
    assert all(len(line) <= 60 for line in narrow.stdout.splitlines() if not line.startswith("    "))
