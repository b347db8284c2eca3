"""DejaVu Sans for statement PDFs: subset with fonttools, loaded into borb once per process.

borb embeds a TrueType font whole (DejaVu Sans: ~0.7 MB, ~6,000 glyphs) and spends seconds on
each load and on each document walking all glyphs. Here the font is cut to a fixed Polish +
Latin set (ASCII, Latin-1, Latin Extended-A, typographic punctuation) once per process; a
document that uses a character outside that set gets a subset of its own (also cached).
Glyph names are kept: borb maps characters through the Adobe Glyph List. Callers hold the
renderer's lock, so a subset is built once even with concurrent jobs.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from borb.pdf import TrueTypeFont
from fontTools import subset
from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
BASE_CHARACTERS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + list("\u2013\u2014\u2212\u201e\u201d\u201c\u2019\u2018\u2026\u2022\u20ac")
)


@dataclass(frozen=True)
class Fonts:
    regular: Any
    bold: Any
    characters: frozenset[str] | None = None  # what both can show; None: everything they have


def _subset_font(source: Path, characters: frozenset[str], folder: Path) -> tuple[Any, set[str]]:
    """The subset as a borb font, and the characters it can show."""
    options = subset.Options()
    options.glyph_names = True  # borb finds glyphs by their names (Adobe Glyph List, uniXXXX)
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    target = folder / source.name
    font.save(target)
    loaded = TrueTypeFont.from_file(target)
    with TTFont(target) as saved:
        _set_widths(loaded, saved)
        shown = {chr(code) for code in saved.getBestCmap()}
    return loaded, shown


def _set_widths(font: Any, source: TTFont) -> None:
    """borb writes ``/W`` as one ``cid [width]`` pair per glyph, with width 0 for glyphs whose
    names are not in the Adobe Glyph List (NBSP, « », Cyrillic ...), and looks a width up by
    scanning that whole array for each new character of each text chunk. One run of the real
    advance widths (``0 [w0 w1 ...]``, valid PDF) is right for every glyph and one step to
    look up."""
    if "DescendantFonts" not in font:
        return  # a simple font (not what borb makes of DejaVu): leave it alone
    units = source["head"].unitsPerEm
    metrics = source["hmtx"]
    widths = [round(metrics[name][0] / units * 1000, 2) for name in source.getGlyphOrder()]
    font["DescendantFonts"][0]["W"] = [0, widths]


@functools.lru_cache(maxsize=8)
def subset_fonts(characters: frozenset[str] = BASE_CHARACTERS) -> Fonts:
    """Regular and bold DejaVu Sans cut to ``characters``, loaded once per process."""
    with tempfile.TemporaryDirectory(prefix="biurko-fonts-") as folder:
        regular, regular_shows = _subset_font(REGULAR, characters, Path(folder))
        bold, bold_shows = _subset_font(BOLD, characters, Path(folder))
    return Fonts(regular, bold, frozenset(regular_shows & bold_shows))


def full_fonts() -> Fonts:
    """The whole DejaVu Sans files, freshly loaded (the naive way; for the benchmark)."""
    return Fonts(TrueTypeFont.from_file(REGULAR), TrueTypeFont.from_file(BOLD))


def fonts_for(characters: set[str]) -> Fonts:
    """The cached subset that covers ``characters`` (the fixed set whenever it suffices;
    characters DejaVu Sans does not have are left out: see ``Fonts.characters``)."""
    if characters <= BASE_CHARACTERS:
        return subset_fonts(BASE_CHARACTERS)
    return subset_fonts(BASE_CHARACTERS | frozenset(characters))
