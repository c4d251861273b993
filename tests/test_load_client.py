"""The load generator's headless citizen (benchmarks/load) still walks the app to its result.

`make loadtest` is a benchmark, not a test; this runs one of its journeys against a real server
so a change of the app that the generator no longer follows fails here, loudly.
"""

import random

from benchmarks.load.citizens import create_citizens, mismatches
from benchmarks.load.journey import RESULT_HEADING, journey
from benchmarks.load.protocol import Tab
from tests.support import app_server


def test_one_headless_citizen_reaches_the_result_and_it_is_stored(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    (citizen,) = create_citizens(url, 1)
    clicks: list[str] = []
    with app_server(url) as base:
        tab = Tab(base)
        try:
            answers = journey(
                tab,
                citizen,
                timed=lambda name, seconds: clicks.append(name),
                think=lambda: None,
                rng=random.Random(17),
            )
        finally:
            tab.close()
    assert RESULT_HEADING in tab.screen.headings()
    assert sorted(answers, key=int) == [str(n) for n in range(1, 11)]
    assert clicks.count("answer") == 10 and clicks[-2:] == ["review", "send"]
    assert mismatches(url, {citizen.cccd: answers}) == []
