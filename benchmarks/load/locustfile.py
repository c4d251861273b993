"""Locust's side of `make loadtest`: each simulated user is one citizen walking the journey.

Every click is reported to Locust as a request of type "click" (named open, login, menu, answer,
next, back, review, send) timed from the rerun sent to the run finished; every journey as one
"journey" request, a failure unless it reached the result. Configured by the environment:
  LOAD_CITIZENS  CSV of cccd,password (benchmarks/load/citizens.py), one row per user
  LOAD_THINK     think time before each click, seconds "low-high" (default 2-5)
  LOAD_SENT      JSON lines written here: the answers of every journey that reached the result
  LOAD_SUMMARY   JSON written here at the end: click percentiles over all clicks and over those
                 after the ramp (every user started: the steady rush, without the login storm
                 of USERS people starting within USERS/RAMP seconds), journeys
"""

import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import User, constant, events, task
from locust.env import Environment
from locust.stats import StatsEntry

from benchmarks.load.citizens import Citizen, read_citizens
from benchmarks.load.journey import journey
from benchmarks.load.protocol import Tab

CLICK = "click"
JOURNEY = "journey"

_people: list[Citizen] = []
_numbers = itertools.count()
_after_ramp: StatsEntry | None = None  # made with the run's statistics
_ramped = False  # every user has started: clicks from now on count in _after_ramp too


def _think_range() -> tuple[float, float]:
    low, _, high = os.environ.get("LOAD_THINK", "2-5").partition("-")
    return float(low), float(high or low)


@events.init.add_listener
def _load(environment: Environment, **_: object) -> None:
    global _after_ramp
    _people.extend(read_citizens(Path(os.environ["LOAD_CITIZENS"])))
    _after_ramp = StatsEntry(environment.stats, "after the ramp", CLICK)


@events.spawning_complete.add_listener
def _ramp_done(**_: object) -> None:
    global _ramped
    _ramped = True


class CitizenUser(User):
    """One person: journey after journey, each in a new tab (a new Streamlit session)."""

    wait_time = constant(0)  # the journey thinks before each click itself

    def on_start(self) -> None:
        self.citizen = _people[next(_numbers) % len(_people)]
        self.rng = random.Random(self.citizen.cccd)
        self.think_range = _think_range()

    def _think(self) -> None:
        gevent.sleep(self.rng.uniform(*self.think_range))

    def _timed(self, name: str, seconds: float) -> None:
        if _ramped and _after_ramp is not None:
            _after_ramp.log(seconds * 1000, 0)
        self.environment.events.request.fire(
            request_type=CLICK,
            name=name,
            response_time=seconds * 1000,
            response_length=0,
            exception=None,
            context={},
        )

    @task
    def assess(self) -> None:
        tab = Tab(self.host)
        start = time.perf_counter()
        error: Exception | None = None
        try:
            answers = journey(tab, self.citizen, timed=self._timed, think=self._think, rng=self.rng)
        except Exception as exc:  # any failure of the journey is Locust's failure
            error = exc
        else:
            sent = os.environ.get("LOAD_SENT")
            if sent:
                with open(sent, "a") as f:
                    f.write(json.dumps({"cccd": self.citizen.cccd, "answers": answers}) + "\n")
        finally:
            tab.close()
        self.environment.events.request.fire(
            request_type=JOURNEY,
            name="assessment",
            response_time=(time.perf_counter() - start) * 1000,
            response_length=0,
            exception=error,
            context={},
        )


@events.quitting.add_listener
def _summary(environment: Environment, **_: object) -> None:
    path = os.environ.get("LOAD_SUMMARY")
    if not path or environment.stats is None or _after_ramp is None:
        return
    clicks = StatsEntry(environment.stats, "clicks", CLICK, use_response_times_cache=False)
    journeys = environment.stats.get("assessment", JOURNEY)
    for entry in environment.stats.entries.values():
        if entry.method == CLICK:
            clicks.extend(entry)
    by_name = {
        e.name: {"count": e.num_requests, "p50": e.get_response_time_percentile(0.5)}
        for e in environment.stats.entries.values()
        if e.method == CLICK
    }
    Path(path).write_text(
        json.dumps(
            {
                "clicks": clicks.num_requests,
                "click_failures": clicks.num_failures,
                "p50_ms": clicks.get_response_time_percentile(0.5),
                "p95_ms": clicks.get_response_time_percentile(0.95),
                "max_ms": clicks.max_response_time,
                "steady_clicks": _after_ramp.num_requests,
                "steady_p50_ms": _after_ramp.get_response_time_percentile(0.5),
                "steady_p95_ms": _after_ramp.get_response_time_percentile(0.95),
                "steady_max_ms": _after_ramp.max_response_time,
                "journeys": journeys.num_requests - journeys.num_failures,
                "journey_failures": journeys.num_failures,
                "errors": [str(e.error) for e in environment.stats.errors.values()][:10],
                "by_name": by_name,
            },
            indent=1,
        )
    )
