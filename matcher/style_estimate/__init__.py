"""Estimate the C-NIP style a therapist profile does not state (CONTRACT §5.4).

Two sources, both kept as data in ``data/style/``: a prior per approach from
the approaches' manuals and process research (``approach_priors.json``), and
cue phrases in the therapist's own words with negation handled
(``cues.json``). Their points add up; the total gives a value on the −3…+3
scale and a confidence. See docs/matching.md, "Style a profile does not state".
"""

from .estimate import (
    StyleEstimate,
    approach_name,
    as_stated,
    estimate_arrays,
    estimate_style,
    estimate_styles,
    profile_estimates,
    style_estimates,
)
from .sources import DIMENSIONS

__all__ = [
    "DIMENSIONS",
    "StyleEstimate",
    "approach_name",
    "as_stated",
    "estimate_arrays",
    "estimate_style",
    "estimate_styles",
    "profile_estimates",
    "style_estimates",
]
