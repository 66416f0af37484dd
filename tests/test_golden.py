"""Old maps stay byte-identical in every output, whatever the format gains."""

from __future__ import annotations

import json

from tests.golden import GOLDEN, fingerprints


def test_old_maps_give_exactly_the_outputs_they_gave_before() -> None:
    expected = json.loads(GOLDEN.read_text())
    assert fingerprints() == expected
