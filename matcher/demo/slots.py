"""Open slots in the demo directory: how many new clients a therapist can take.

They let the waitlist assignment (``scripts/assign.py``, ``/admin/assignments``)
run on the demo. They are drawn from a generator of their own, so adding them
changed no other value of the demo directory.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

OPEN_SLOTS_GIVEN = 0.6  # share of therapists taking new clients who state slots
OPEN_SLOTS_P = (0.15, 0.35, 0.30, 0.15, 0.05)  # 0, 1, 2, 3 or 4 open slots


def open_slots(seed: int, accepting: Sequence[str]) -> list[str]:
    """Draw each profile's open_slots cell from its accepting_new_clients cell.

    A therapist not taking new clients has "0"; of the others, 60% state 0 to
    4 open slots and the rest leave the field empty (not stated).
    """
    rng = np.random.default_rng([seed, 21])
    given = rng.random(len(accepting)) < OPEN_SLOTS_GIVEN
    slots = rng.choice(len(OPEN_SLOTS_P), size=len(accepting), p=OPEN_SLOTS_P)
    return [
        "0" if taking == "false" else (str(count) if stated else "")
        for taking, stated, count in zip(accepting, given, slots, strict=True)
    ]
