"""Old maps stay byte-identical in every output, whatever the format gains."""

from __future__ import annotations

import json

from tests.golden import GOLDEN, fingerprints


def test_old_maps_give_exactly_the_outputs_they_gave_before(tmp_path, monkeypatch) -> None:
    # an empty cache: templates compiled by an earlier run must not hide a change
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = json.loads(GOLDEN.read_text())
    assert fingerprints() == expected
