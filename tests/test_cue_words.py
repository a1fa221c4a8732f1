"""The style cues read as whole words when quoted to a client as evidence."""

from __future__ import annotations

import json
from pathlib import Path

from matcher.style_estimate.estimate import profile_estimates

CUES = Path(__file__).resolve().parents[1] / "data" / "style" / "cues.json"
# Words a quoted phrase cannot end on: 'Their description says "expert on your"'.
DANGLING = {"a", "an", "and", "for", "my", "of", "on", "our", "the", "your"}


def test_no_cue_phrase_ends_on_a_dangling_word() -> None:
    cues = json.loads(CUES.read_text(encoding="utf-8"))["cues"]
    dangling = [
        phrase
        for cue in cues
        for phrase in cue["phrases"]
        if phrase.lower().split()[-1] in DANGLING
    ]
    assert dangling == []


def test_the_expert_on_your_own_life_is_quoted_whole() -> None:
    bio = "You are the expert on your own life. You set the goals."
    estimate = profile_estimates({"id": "x", "bio": bio})["directiveness"]
    assert estimate.value < 0  # still read as client-led
    assert 'Their description says "expert on your own life"' in estimate.evidence
    assert 'Their description says "you set the goals"' in estimate.evidence


def test_evidence_quotes_a_phrase_as_written_not_as_its_folded_key() -> None:
    bio = "I'm direct with clients, and our work is goal-oriented."
    found = profile_estimates({"id": "x", "bio": bio})
    evidence = [e for estimate in found.values() for e in estimate.evidence]
    assert 'Their description says "I\'m direct"' in evidence  # challenge
    assert 'Their description says "goal-oriented"' in evidence  # directiveness
    assert not any('"im direct"' in e or "goal oriented" in e for e in evidence)
