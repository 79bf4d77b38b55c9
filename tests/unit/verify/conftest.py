"""Session fixtures: the rendered sample snapshot (see ``sample.py``)."""

from __future__ import annotations

import pytest

from tests.unit.verify.sample import Sample, build_sample


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build_sample(tmp_path_factory.mktemp("verify-sample"))
