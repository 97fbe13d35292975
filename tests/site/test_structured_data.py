"""blog/plugins/structured_data.py: the JSON-LD of every built page is one JSON object that no
metadata can end early: a title, an author or a reviewer carrying `</script>`, quotes and
ampersands reads back exactly, and the raw text holds none of < > &."""

from __future__ import annotations

import json
import re

from conftest import REVIEWER

SCRIPT = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _blocks(site) -> dict[str, list[bytes]]:
    found = {}
    for path in site.html_files():
        blocks = SCRIPT.findall(path.read_bytes())
        if blocks:
            found[str(path.relative_to(site.output))] = blocks
    return found


def test_every_json_ld_block_is_one_object_with_nothing_html_reads(site) -> None:
    found = _blocks(site)
    assert {"index.html", "about/index.html", "escaping-test-post/index.html"} <= set(found)
    for page, blocks in found.items():
        assert len(blocks) == 1, page
        assert not set(blocks[0].decode()) & set("<>&"), page
        assert isinstance(json.loads(blocks[0]), dict), page


def test_hostile_metadata_reads_back_as_written(site) -> None:
    (raw,) = _blocks(site)["escaping-test-post/index.html"]
    post = json.loads(raw)
    # The title's text as the page shows it: escaped before typogrify, which curled the quotes.
    assert post["headline"] == "<script>alert(1)</script> \u201cx\u201d &\u00a0\u2018y\u2019"
    assert post["description"].startswith("Summary with <script>alert(2)</script> &")
    assert post["author"] == [{"@type": "Person", "name": '<em>Tester</em> "Q"'}]
    assert post["articleSection"] == "<b>Tests</b> & Checks"
    (raw,) = _blocks(site)["care-review-test-post/index.html"]
    reviewer = json.loads(raw)["mainEntityOfPage"]["reviewedBy"]
    assert reviewer == {"@type": "Person", "name": REVIEWER, "jobTitle": "PhD, LCSW"}
