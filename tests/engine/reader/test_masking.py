"""A reader who may see some indicators only (an anonymous visitor: the public ones) gets the
seed report's figures matched to the whole catalogue, then those of the other indicators
left unmatched: none is named, none is taken for a shown indicator."""

from __future__ import annotations

import re
from dataclasses import replace

from chuyendoiso.engine.reader import Match, factcheck, matches_within

from .support import catalog

INTERNAL = {i.code for i in catalog().indicators if not i.public}
PUBLIC = {i.code for i in catalog().indicators if i.public}


def named(match: Match) -> set[str]:
    codes = {match.indicator, match.numerator, match.denominator} - {None}
    codes |= {code for code, _ in match.alternatives}
    return codes | {c for c in INTERNAL if re.search(rf"\b{c}\b", match.reason)}


def test_the_seed_s_internal_figures_are_left_unmatched_and_unnamed(seed_report_text):
    whole = factcheck(seed_report_text, catalog()).matches
    assert {"ATTT_SOC_LO_HONG", "ATTT_SOC_MAY_NN_MA_DOC"} <= {m.indicator for m in whole}
    masked = matches_within(whole, catalog(), PUBLIC)
    assert len(masked) == len(whole)
    for before, after in zip(whole, masked, strict=True):
        assert not named(after) & INTERNAL
        if before.indicator in INTERNAL:
            assert after.indicator is None and after.confidence == 0
        else:  # a public figure keeps its match
            assert (after.indicator, after.confidence) == (before.indicator, before.confidence)


def test_a_reason_that_names_a_hidden_indicator_loses_that_part_only():
    match = Match(
        figure=1,
        indicator="ATTT_SOC_TAN_CONG",
        confidence=0.8,
        reason="khớp từ: 'tấn công'; gần với ATTT_SOC_LO_HONG (0.79)",
        period=None,  # not read
        alternatives=(("ATTT_SOC_LO_HONG", 0.79), ("ATTT_SOC_TRUY_VAN", 0.4)),
    )
    (masked,) = matches_within([match], catalog(), PUBLIC)
    assert masked.reason == "khớp từ: 'tấn công'"
    assert masked.alternatives == (("ATTT_SOC_TRUY_VAN", 0.4),)


def test_a_ratio_with_a_hidden_part_is_left_unmatched():
    ratio = next(i for i in catalog().indicators if i.numerator and i.public)
    match = Match(1, ratio.code, 0.9, "", None, (), ratio.numerator, ratio.denominator)
    assert matches_within([match], catalog(), PUBLIC)[0] == match
    (masked,) = matches_within([match], catalog(), PUBLIC - {ratio.numerator})
    assert masked.indicator is masked.numerator is None


def test_everything_shown_changes_nothing(seed_report_text):
    whole = factcheck(seed_report_text, catalog()).matches
    every = {i.code for i in catalog().indicators}
    assert list(matches_within(whole, catalog(), every)) == [replace(m) for m in whole]
