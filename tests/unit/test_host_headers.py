"""blog/hosting/policy.py (written into each build by blog/plugins/host_headers.py): one CSP
setting, rendered for `_headers` and for `<meta>`."""

from __future__ import annotations

import pytest

from blog.hosting.policy import render_headers, render_policy

CSP = {"default-src": ["'self'"], "img-src": ["'self'", "data:"], "frame-ancestors": ["'none'"]}


def test_the_meta_policy_leaves_out_what_a_meta_cannot_carry() -> None:
    header = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    assert render_policy(CSP) == header
    assert render_policy(CSP, meta=True) == "default-src 'self'; img-src 'self' data:"


def test_headers_put_the_policy_in_the_catch_all_rule_only() -> None:
    rules = {"/*": {"Referrer-Policy": "no-referrer"}, "/feeds/*": {"X-Robots-Tag": "noindex"}}
    assert render_headers(CSP, rules) == (
        "/*\n"
        f"  Content-Security-Policy: {render_policy(CSP)}\n"
        "  Referrer-Policy: no-referrer\n"
        "\n"
        "/feeds/*\n"
        "  X-Robots-Tag: noindex\n"
    )


def test_a_policy_without_a_catch_all_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="'/\\*' rule"):
        render_headers(CSP, {"/feeds/*": {}})
