"""Scoring a set of answers against a criteria set: pure functions, no I/O."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cdht.criteria import CriteriaSet


class AnswerError(ValueError):
    """Answers are incomplete, name a level the criteria set does not have, or give points
    outside 0..max for an indicator scored as a whole number."""

    def __init__(self, message: str, indicator_ids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.indicator_ids = indicator_ids


@dataclass(frozen=True)
class CompetencyScore:
    id: str
    title: str
    points: int
    max_points: int


@dataclass(frozen=True)
class Score:
    total: int
    max_total: int
    competencies: tuple[CompetencyScore, ...]
    indicators: dict[str, int]
    recognised: bool
    below_floor: tuple[str, ...]
    points_short: int
    criteria_version: str

    def reasons(self, criteria: CriteriaSet | None = None) -> list[str]:
        """Why the result is not recognised, in Vietnamese; empty when it is. Given the criteria,
        each indicator below the floor is named by the start of its title and its points, so a
        person sees what to improve without looking its number up."""
        out = []
        if self.points_short:
            out.append(f"Tổng điểm còn thiếu {self.points_short} điểm so với mức đạt.")
        if self.below_floor:
            titles = {i.id: i.title for i in criteria.indicators} if criteria else {}
            named = [
                f"{i} ({_start(titles[i])}: {self.indicators[i]} điểm)" if i in titles else i
                for i in self.below_floor
            ]
            out.append("Chỉ số dưới mức tối thiểu: " + ", ".join(named) + ".")
        return out


# An indicator named in a reason: its title up to the first comma, semicolon, colon or bracket
# that ends at least MIN_CLAUSE_WORDS words ("Có kỹ năng tính toán"). A longer opening is cut
# before its last linking word within MAX_SHORT_WORDS ("Có kế hoạch học tập của bản thân", not
# "… theo yêu").
MIN_CLAUSE_WORDS = 3
MAX_SHORT_WORDS = 10
_CLAUSE_END = re.compile(r"\s*[,;:(]")
_LINKING = frozenset(
    {"theo", "để", "và", "ở", "trong", "của", "với", "hoặc", "đáp", "phục", "ngoài"}
)


def _start(title: str) -> str:
    """The opening clause of an indicator's title, "…" where the title goes on."""
    title = " ".join(title.split())
    short = title
    for end in _CLAUSE_END.finditer(title):
        if len(title[: end.start()].split()) >= MIN_CLAUSE_WORDS:
            short = title[: end.start()]
            break
    words = short.split()
    if len(words) > MAX_SHORT_WORDS:
        words = words[:MAX_SHORT_WORDS]
        cuts = [n for n, w in enumerate(words) if n >= MIN_CLAUSE_WORDS and w in _LINKING]
        short = " ".join(words[: cuts[-1]] if cuts else words).rstrip(",;:")
    return short if short == title else short + "…"


def check_answers(criteria: CriteriaSet, answers: Mapping[str, int | None]) -> dict[str, int]:
    """Return the answers for exactly the criteria's indicators or raise AnswerError."""
    unanswered = [i for i in criteria.indicators if answers.get(i.id) is None]
    if unanswered:
        missing = tuple(i.id for i in unanswered)
        what = "chọn mức" if all(i.graded for i in unanswered) else "chọn mức hoặc nhập điểm"
        raise AnswerError(
            f"Bạn chưa {what} cho chỉ số: " + ", ".join(missing) + ".", indicator_ids=missing
        )
    known = {i.id for i in criteria.indicators}
    extra = tuple(sorted(k for k in answers if k not in known))
    if extra:
        raise AnswerError(
            "Phiếu có chỉ số không thuộc bộ tiêu chí: " + ", ".join(extra) + ".", extra
        )
    clean: dict[str, int] = {}
    for indicator in criteria.indicators:
        value = answers[indicator.id]
        if isinstance(value, bool) or not isinstance(value, int) or not indicator.allows(value):
            raise AnswerError(
                f"Mức đã chọn cho chỉ số {indicator.id} không hợp lệ."
                if indicator.graded
                else f"Điểm của chỉ số {indicator.id} phải là số nguyên từ 0 đến "
                f"{indicator.max_points}.",
                (indicator.id,),
            )
        clean[indicator.id] = value
    return clean


def score(criteria: CriteriaSet, answers: Mapping[str, int | None]) -> Score:
    """Total, points per competency and indicator, and the recognition verdict with reasons."""
    clean = check_answers(criteria, answers)
    competencies = tuple(
        CompetencyScore(
            id=c.id,
            title=c.title,
            points=sum(clean[i.id] for i in c.indicators),
            max_points=c.max_points,
        )
        for c in criteria.competencies
    )
    total = sum(c.points for c in competencies)
    rule = criteria.rule
    below = tuple(i.id for i in criteria.indicators if clean[i.id] < rule.min_per_indicator)
    short = max(0, rule.min_total - total)
    return Score(
        total=total,
        max_total=criteria.max_points,
        competencies=competencies,
        indicators=clean,
        recognised=not below and not short,
        below_floor=below,
        points_short=short,
        criteria_version=criteria.version,
    )
