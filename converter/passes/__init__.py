"""The passes between reading and building, in the order they run (the files p1_ ... p8_ in this
folder are the same order):

1. repair       fused rows split, damaged cells read where possible (marked: to be confirmed)
2. calendar     52/53-week filers: month-end durations re-read as weeks
3. claims       the narrative's figures ("revenues of $21.3 million for the second quarter")
4. periods      the fiscal year end the columns confirm; refused columns placed by the claims
5. map          rows -> concepts, cells -> values in base units (MappedValue)
6. duplicates   one value per concept, period and basis (disagreeing readings left undecided)
7. arithmetic   what the statements' sums confirm, refuse or correct
8. cross_check  the narrative's figures checked against the decided values

Each pass is a module with `run(state: WorkingState) -> None`; it reads what earlier passes left
in the working state (passes/state.py) and adds its part. No pass imports a later one.
`run_passes` runs them in order and, when asked, times each one (the benchmark reads them).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document
from ..taxonomy import Taxonomy
from . import p1_repair, p2_calendar, p3_claims, p4_periods, p5_map, p6_duplicates, p7_arithmetic, p8_cross_check
from .state import WorkingState


@dataclass(frozen=True, slots=True)
class Pass:
    name: str
    run: Callable[[WorkingState], None]


PASSES: tuple[Pass, ...] = (
    Pass("repair", p1_repair.run),
    Pass("calendar", p2_calendar.run),
    Pass("claims", p3_claims.run),
    Pass("periods", p4_periods.run),
    Pass("map", p5_map.run),
    Pass("duplicates", p6_duplicates.run),
    Pass("arithmetic", p7_arithmetic.run),
    Pass("cross_check", p8_cross_check.run),
)


def run_passes(document: Document, taxonomy: Taxonomy, timings: dict[str, float] | None = None,
               passes: tuple[Pass, ...] = PASSES,
               after: Callable[[str, WorkingState], None] | None = None,
               between: Callable[[], None] | None = None) -> WorkingState:
    """The working state after every pass. `timings` gathers seconds per pass name; `after` is
    called with each pass's name and the state it left (the tests' golden files use it);
    `between` before each pass (the conversion's time limit raises there)."""
    state = WorkingState.start(document, taxonomy)
    for step in passes:
        if between is not None:
            between()
        started = time.perf_counter()
        step.run(state)
        if timings is not None:
            timings[step.name] = timings.get(step.name, 0.0) + time.perf_counter() - started
        if after is not None:
            after(step.name, state)
    return state
