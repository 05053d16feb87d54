"""Print the README's first-screen example: a failing check, the fix, a passing check.

Real output of the real CLI, against a simulated web and a real pywb archive on loopback
(port 80, so the URLs read like real ones; needs root and pywb from scripts/dev-setup):

    .venv/bin/python -m scripts.readme_demo
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from citecheck.cli import main
from tests.support.pywb_harness import WarcCapture, html_page, run_pywb
from tests.support.simweb import SimWeb, page, status

ARTICLE = """\
'''Qalamoun''' is a region of Syria.<ref>{{cite web |url=GONE |title=Syria regime \
retakes new region near Damascus |website=Example News |access-date=27 April 2018}}</ref>
Rebels left it in 2018.<ref>{{cite news |url=FINE |title=Rebels leave Qalamoun \
|access-date=30 April 2018}}</ref>
"""
# Pins instead of DNS: nothing leaves this machine.
PINS = ["--resolve", "news.example:127.0.0.2", "--resolve", "archive.example:127.0.0.3"]
ARCHIVE = ["--archive-url", "http://archive.example"]


def run(*argv: str) -> None:
    """Run the CLI as a user would and print what they would see."""
    print(f"$ citecheck {' '.join(argv)}")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, *PINS, *ARCHIVE])
    print((out.getvalue() + err.getvalue()).rstrip())
    print(f"$ echo $?\n{code}\n")


def demo() -> None:
    web = SimWeb(address="127.0.0.2", hosts=("news.example",), port=80).start()
    gone = web.route("news.example", "/2018/04/qalamoun", status(404))
    fine = web.route("news.example", "/2018/04/rebels-leave", page("Rebels leave Qalamoun"))
    captures = [WarcCapture(gone, "20180420120000",
                            html_page("Syria regime retakes new region near Damascus")),
                WarcCapture(fine, "20180430100000", html_page("Rebels leave Qalamoun"))]
    os.environ["COLUMNS"] = "100"
    with tempfile.TemporaryDirectory() as tmp, \
            run_pywb(Path(tmp), {"web": captures}, address="127.0.0.3", port=80):
        os.chdir(tmp)
        Path("article.wiki").write_text(ARTICLE.replace("GONE", gone).replace("FINE", fine))
        run("check", "article.wiki")
        run("fix", "article.wiki")
        run("check", "article.wiki")
        print("$ head -1 article.wiki")
        print(Path("article.wiki").read_text().splitlines()[0])
    web.stop()


if __name__ == "__main__":
    demo()
