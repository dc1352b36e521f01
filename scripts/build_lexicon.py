"""Write the compact Chinese word table the extractor ships, from the installed jieba's dictionary.

    pip install -e '.[train]' && python scripts/build_lexicon.py

jieba's full dictionary (349k words) costs 0.7 s and 150 MB to load; the extractor
only needs the part of speech and everyday frequency of the words in candidate terms,
so the table keeps the words of up to four characters seen at least 20 times, without
person and place names: about 64k words, loaded in a few hundredths of a second and
only when a Chinese candidate needs it. jieba is MIT licensed; its notice is written
beside the table.
"""

from __future__ import annotations

from pathlib import Path

import jieba  # the training extra owns jieba: it is never imported at run time

OUT = Path(__file__).resolve().parent.parent / "src" / "flashnotes" / "extract" / "data"
MIN_FREQ = 20
MAX_LEN = 4
NOTICE = """The word table lexicon.tsv is derived from the dictionary of jieba {version}
(https://github.com/fxsjy/jieba), distributed under this licence:

The MIT License (MIT)

Copyright (c) 2013 Sun Junyi

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def main() -> int:
    source = Path(jieba.__file__).resolve().parent / "dict.txt"
    rows: list[tuple[str, int, str]] = []
    total = 0
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        total += freq
        if freq >= MIN_FREQ and len(word) <= MAX_LEN and not tag.startswith(("nr", "ns")):
            rows.append((word, freq, tag))
    rows.sort()
    OUT.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{w}\t{f}\t{t}\n" for w, f, t in rows)
    (OUT / "lexicon.tsv").write_text(f"#jieba\t{jieba.__version__}\t{total}\n{body}", encoding="utf-8")
    (OUT / "LICENSE-jieba.txt").write_text(NOTICE.format(version=jieba.__version__), encoding="utf-8")
    print(f"wrote {len(rows)} words to {OUT / 'lexicon.tsv'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
