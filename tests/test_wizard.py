"""The assessment form's state machine without Streamlit: each transition, then random sequences
of clicks (hypothesis) that must never lose an answer nor reach the review screen, the only place a
form is sent from, with a gap."""

import copy

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from cdht import wizard
from cdht.criteria import CRITERIA_DIR, load_file, parse_criteria
from cdht.scoring import score
from cdht.wizard import Done, Errors, Review, Step, WizardError


def _numbered_iii():
    """Group III with indicators 3 (step 1) and 7 (step 2) scored as a whole number 0..10."""
    data = yaml.safe_load((CRITERIA_DIR / "group_iii.yaml").read_text(encoding="utf-8"))
    for comp in data["competencies"]:
        for item in comp["indicators"]:
            if item["id"] in ("3", "7"):
                del item["levels"]
                item["max_points"] = 10
    return parse_criteria(data, "group_iii.yaml")


SETS = {
    "I": load_file(CRITERIA_DIR / "group_i.yaml"),
    "II": load_file(CRITERIA_DIR / "group_ii.yaml"),
    "III": _numbered_iii(),
}
IDS = [str(n) for n in range(1, 11)]
# Step of each indicator in the sets above: 1-4, 5-8, 9-10 (checked by a test below).
STEP = {"1": 1, "2": 1, "3": 1, "4": 1, "5": 2, "6": 2, "7": 2, "8": 2, "9": 3, "10": 3}


def full(points: int = 8, **overrides: int) -> dict[str, int]:
    out = dict.fromkeys(IDS, points)
    out.update({k.removeprefix("i"): v for k, v in overrides.items()})
    return out


def filled(group: str = "III", answers: dict[str, int] | None = None) -> wizard.Wizard:
    return wizard.start(SETS, group, full() if answers is None else answers)


def test_the_steps_follow_the_competencies():
    for criteria in SETS.values():
        assert {i.id: wizard.step_of(criteria, i.id) for i in criteria.indicators} == STEP


def test_a_new_form_opens_at_step_one_without_answers_or_errors():
    new = wizard.start(SETS, "II")
    assert (new.group, new.screen, new.errors) == ("II", Step(1), Errors())
    assert new.group_answers() == {} and new.group_notes() == {}


def test_a_resumed_draft_opens_at_its_first_gap():
    draft = {i: 8 for i in IDS if i not in ("6", "10")}
    assert wizard.start(SETS, "I", draft, at_first_gap=True).screen == Step(2)
    assert wizard.start(SETS, "I", {}, at_first_gap=True).screen == Step(1)
    assert wizard.start(SETS, "I", full(), at_first_gap=True).screen == Step(3)  # all answered
    assert wizard.start(SETS, "I", draft).screen == Step(1)  # a sent form reopens at step 1


def test_an_unknown_group_is_refused():
    with pytest.raises(WizardError):
        wizard.start(SETS, "IV")
    with pytest.raises(WizardError):
        wizard.change_group(wizard.start(SETS, "I"), "IV")


def test_an_answer_is_kept_and_a_cleared_one_goes():
    w = wizard.answer(wizard.start(SETS, "I"), "I", "2", 5)
    assert w.group_answers() == {"2": 5}
    assert wizard.answer(w, "I", "2", None).group_answers() == {}


def test_a_value_the_indicator_does_not_allow_keeps_the_earlier_answer_and_marks_it():
    w = wizard.answer(wizard.start(SETS, "III"), "III", "1", 8)
    for bad in (7, 11, -1, True):  # 7: no level of indicator 1
        refused = wizard.answer(w, "III", "1", bad)
        assert refused.group_answers() == {"1": 8}
        assert refused.errors.indicators == {"1": "Mức đã chọn cho chỉ số 1 không hợp lệ."}
    numbered = wizard.answer(w, "III", "3", 11)
    assert numbered.group_answers() == {"1": 8}
    assert numbered.errors.indicators == {"3": "Điểm của chỉ số 3 phải là số nguyên từ 0 đến 10."}
    assert wizard.answer(numbered, "III", "3", 7).group_answers() == {"1": 8, "3": 7}
    assert wizard.answer(numbered, "III", "3", 7).errors.indicators == {}


def test_an_indicator_the_group_does_not_have_is_a_programming_error():
    with pytest.raises(WizardError):
        wizard.answer(wizard.start(SETS, "I"), "I", "11", 5)
    with pytest.raises(WizardError):
        wizard.note(wizard.start(SETS, "I"), "IV", "1", "x")


def test_review_of_a_form_with_gaps_goes_to_the_first_gap_and_names_every_one():
    w = wizard.go_to(filled(answers={i: 8 for i in IDS if i not in ("6", "9", "3")}), 3)
    checked = wizard.review(w)
    assert checked.screen == Step(1)  # 3 is on step 1
    assert not wizard.ready(checked)
    assert checked.errors.form == "Bạn chưa chọn mức hoặc nhập điểm cho chỉ số: 3, 6, 9."
    assert checked.errors.indicators == {
        "3": "Vui lòng nhập số điểm, số nguyên từ 0 đến 10.",
        "6": "Vui lòng chọn một mức.",
        "9": "Vui lòng chọn một mức.",
    }


def test_review_of_a_whole_form_shows_the_score_and_clears_the_errors():
    w = wizard.file_refused(wizard.refused(filled(), "Lỗi cũ"), "2", "Tệp hỏng")
    checked = wizard.review(w)
    assert checked.screen == Review() and wizard.ready(checked)
    assert checked.errors == Errors()
    assert wizard.preview(checked).total == 80


def test_answering_a_marked_indicator_removes_only_its_mark():
    checked = wizard.review(filled(answers={i: 8 for i in IDS if i not in ("6", "9")}))
    answered = wizard.answer(checked, "III", "6", 10)
    assert answered.errors.indicators == {"9": "Vui lòng chọn một mức."}
    assert answered.errors.form == checked.errors.form


def test_clearing_an_answer_on_the_review_screen_goes_back_to_the_gap():
    back = wizard.answer(wizard.review(filled()), "III", "7", None)
    assert back.screen == Step(2) and not wizard.ready(back)
    assert back.errors.indicators == {"7": "Vui lòng nhập số điểm, số nguyên từ 0 đến 10."}


def test_moving_between_steps_clears_the_form_message_but_keeps_the_marks():
    checked = wizard.review(filled(answers={i: 8 for i in IDS if i != "9"}))
    assert checked.screen == Step(3)
    moved = wizard.go_to(checked, 1)
    assert moved.screen == Step(1)
    assert moved.errors.form is None and moved.errors.indicators == checked.errors.indicators
    for outside in (0, 4, -1):
        assert wizard.go_to(moved, outside) is moved


def test_only_a_reviewed_form_is_sent_or_previewed():
    result = score(SETS["III"], full())
    for w in (filled(), wizard.review(filled(answers={"1": 8}))):
        with pytest.raises(WizardError):
            wizard.sent(w, result)
        with pytest.raises(WizardError):
            wizard.preview(w)
    done = wizard.sent(wizard.review(filled()), result)
    assert done.screen == Done(result) and done.errors == Errors()
    assert done.group_answers() == full()  # kept for "Sửa và gửi lại"
    assert wizard.go_to(done, 1).screen == Step(1)


def test_a_refused_send_says_why_and_stays_on_the_review_screen():
    refused = wizard.refused(wizard.review(filled()), "Không gửi được phiếu: ngoài thời hạn.")
    assert refused.screen == Review()
    assert refused.errors == Errors(form="Không gửi được phiếu: ngoài thời hạn.")
    assert refused.group_answers() == full()


def test_another_group_starts_at_step_one_and_each_group_keeps_its_answers():
    w = wizard.go_to(wizard.answer(wizard.start(SETS, "I"), "I", "1", 10), 2)
    other = wizard.change_group(wizard.review(w), "II")
    assert (other.group, other.screen, other.errors) == ("II", Step(1), Errors())
    assert other.group_answers() == {}
    other = wizard.answer(other, "II", "1", 5)
    assert wizard.change_group(other, "I").group_answers() == {"1": 10}
    assert wizard.change_group(other, "I").answers["II"] == {"1": 5}


def test_file_errors_are_kept_apart_per_indicator():
    w = wizard.file_refused(wizard.file_refused(filled(), "1", "Tệp quá lớn."), "2", "Sai loại.")
    assert w.errors == Errors(files={"1": "Tệp quá lớn.", "2": "Sai loại."})
    stored = wizard.file_stored(w, "1")
    assert stored.errors == Errors(files={"2": "Sai loại."})
    removal = wizard.removal_refused(stored, "Không xoá được tệp.")
    assert removal.errors == Errors(form="Không xoá được tệp.", files={"2": "Sai loại."})


def test_notes_are_kept_as_typed():
    w = wizard.note(wizard.start(SETS, "I"), "I", "4", "Đọc 12 cuốn sách")
    assert w.group_notes() == {"4": "Đọc 12 cuốn sách"}
    assert wizard.note(w, "I", "4", "").group_notes() == {"4": ""}


def test_take_stores_only_what_the_widgets_hold_and_differs():
    w = wizard.answer(wizard.start(SETS, "I"), "I", "1", 10)
    taken = wizard.take(w, {"1": None, "2": 5, "3": None}, {"1": "", "2": "ghi chú", "3": None})
    assert taken.group_answers() == {"1": 10, "2": 5}
    assert taken.group_notes() == {"2": "ghi chú"}
    assert wizard.take(taken, {"1": 10}, {"2": "ghi chú"}) == taken


def test_no_transition_changes_the_wizard_it_is_given():
    w = wizard.file_refused(wizard.review(filled(answers={"1": 8})), "1", "Sai loại.")
    w = wizard.note(w, "III", "1", "a")
    before = copy.deepcopy((w.answers, w.notes, w.screen, w.errors))
    wizard.answer(w, "III", "2", 8)
    wizard.answer(w, "III", "1", None)
    wizard.answer(w, "III", "1", 7)
    wizard.note(w, "III", "1", "b")
    wizard.take(w, {"3": 4}, {"1": "c"})
    wizard.review(w)
    wizard.go_to(w, 2)
    wizard.change_group(w, "I")
    wizard.file_stored(w, "1")
    wizard.refused(w, "x")
    wizard.removal_refused(w, "x")
    assert (w.answers, w.notes, w.screen, w.errors) == before


def test_each_screen_has_an_address_and_the_address_shows_it_again():
    w = filled()
    for screen in (Step(1), Step(2), Step(3), Review()):
        at = wizard.visit(wizard.go_to(w, 1), wizard.address(screen))
        assert at.screen == screen
    assert wizard.address(Step(2)) == "2"
    assert wizard.address(Review()) == "xem-lai"
    assert wizard.address(Done(score(SETS["III"], full()))) == "da-gui"


@pytest.mark.parametrize(
    "where", [None, "", "0", "4", "-1", "2.0", "２", "1e1", "ket-qua", "da-gui", "99999"]
)
def test_an_address_the_form_does_not_have_changes_nothing(where):
    w = wizard.go_to(filled(answers={"1": 8}), 2)
    assert wizard.visit(w, where) == w


def test_the_review_address_with_a_gap_shows_the_first_gap_marked():
    assert wizard.visit(filled(), "xem-lai").screen == Review()
    gap = {k: v for k, v in full().items() if k not in ("6", "9")}
    w = wizard.visit(wizard.start(SETS, "III", gap), "xem-lai")
    assert w.screen == Step(2)
    assert set(w.errors.indicators) == {"6", "9"}
    assert not wizard.ready(w)


def test_an_address_is_read_as_typed_with_spaces_or_capitals():
    w = filled()
    assert wizard.visit(w, " 3 ").screen == Step(3)
    assert wizard.visit(w, "Xem-Lai").screen == Review()


def test_the_address_of_the_step_on_screen_keeps_the_form_message():
    w = wizard.review(filled(answers={"1": 8}))
    assert w.errors.form
    assert wizard.visit(w, "1") == w
    assert wizard.visit(w, "2").errors.form is None


def test_after_sending_an_address_goes_back_into_the_form_with_every_answer():
    w = wizard.review(filled())
    w = wizard.sent(w, wizard.preview(w))
    back = wizard.visit(w, "xem-lai")
    assert back.screen == Review()
    assert wizard.visit(w, "2").screen == Step(2)
    assert back.group_answers() == full()


@given(where=st.text(max_size=6) | st.sampled_from(["1", "2", "3", "xem-lai", "0", "4"]))
@settings(max_examples=300)
def test_no_address_reaches_the_review_with_a_gap_or_loses_an_answer(where):
    for answers in ({}, {"1": 8, "9": 4}, full()):
        w = wizard.visit(wizard.start(SETS, "III", answers), where)
        assert dict(w.group_answers()) == answers
        assert wizard.ready(w) == (answers == full() and where.strip().lower() == "xem-lai")
        if isinstance(w.screen, Step):
            assert 1 <= w.screen.number <= w.steps


# Random sequences of clicks. The model is what the person did: the last accepted value of each
# (group, indicator) and the last note typed.

GROUPS = sorted(SETS)
POINTS = st.integers(min_value=-2, max_value=12) | st.booleans()


class Clicks(RuleBasedStateMachine):
    @initialize(group=st.sampled_from(GROUPS))
    def open_form(self, group):
        self.w = wizard.start(SETS, group)
        self.answers = {g: {} for g in GROUPS}
        self.notes = {g: {} for g in GROUPS}

    @rule(group=st.sampled_from(GROUPS), indicator=st.sampled_from(IDS), value=POINTS)
    def pick(self, group, indicator, value):
        ind = next(i for i in SETS[group].indicators if i.id == indicator)
        self.w = wizard.answer(self.w, group, indicator, value)
        if not isinstance(value, bool) and ind.allows(value):
            self.answers[group][indicator] = value
        else:
            assert indicator in self.w.errors.indicators

    @rule(group=st.sampled_from(GROUPS), indicator=st.sampled_from(IDS))
    def clear(self, group, indicator):
        self.w = wizard.answer(self.w, group, indicator, None)
        self.answers[group].pop(indicator, None)

    @rule(indicator=st.sampled_from(IDS), text=st.text(max_size=5))
    def type_note(self, indicator, text):
        self.w = wizard.note(self.w, self.w.group, indicator, text)
        self.notes[self.w.group][indicator] = text

    @rule(answers=st.dictionaries(st.sampled_from(IDS), st.none() | st.sampled_from([0, 5, 10])))
    def press_with_widgets(self, answers):
        """A button press arriving with the widgets' values: they are taken first."""
        self.w = wizard.take(self.w, answers, {})
        self.answers[self.w.group].update({k: v for k, v in answers.items() if v is not None})

    @rule(value=st.sampled_from([0, 5, 10]))
    def answer_the_rest(self, value):
        """Every indicator of the group left open answered, step by step (sequences that reach the
        review screen are otherwise rare)."""
        group = self.w.group
        for indicator in IDS:
            if indicator not in self.answers[group]:
                self.w = wizard.answer(self.w, group, indicator, value)
                self.answers[group][indicator] = value

    @rule(number=st.integers(min_value=-1, max_value=5))
    def go(self, number):
        self.w = wizard.go_to(self.w, number)

    @rule(where=st.sampled_from(["1", "2", "3", "4", "0", "xem-lai", "", "x"]))
    def address(self, where):
        """The browser's Back or Forward, a reload or a typed address."""
        before = self.w
        self.w = wizard.visit(self.w, where)
        if where in ("1", "2", "3"):
            assert self.w.screen == Step(int(where))
        elif where == "xem-lai":
            assert wizard.ready(self.w) == (set(self.answers[self.w.group]) == set(IDS))
        else:
            assert self.w == before

    @rule()
    def review(self):
        self.w = wizard.review(self.w)
        complete = set(self.answers[self.w.group]) == set(IDS)
        assert wizard.ready(self.w) == complete
        if not complete:
            missing = {i for i in IDS if i not in self.answers[self.w.group]}
            assert set(self.w.errors.indicators) == missing
            assert self.w.screen == Step(min(STEP[i] for i in missing))

    @precondition(lambda self: wizard.ready(self.w))
    @rule(accepted=st.booleans())
    def send(self, accepted):
        if accepted:
            result = score(SETS[self.w.group], self.answers[self.w.group])
            self.w = wizard.sent(self.w, result)
            assert self.w.screen == Done(result)
        else:
            self.w = wizard.refused(self.w, "Không gửi được phiếu.")

    @rule(group=st.sampled_from(GROUPS))
    def change_group(self, group):
        self.w = wizard.change_group(self.w, group)

    @rule(indicator=st.sampled_from(IDS), stored=st.booleans())
    def attach(self, indicator, stored):
        if stored:
            self.w = wizard.file_stored(self.w, indicator)
        else:
            self.w = wizard.file_refused(self.w, indicator, "Sai loại.")

    @invariant()
    def no_answer_is_lost(self):
        assert {g: dict(self.w.answers.get(g, {})) for g in GROUPS} == self.answers

    @invariant()
    def notes_are_as_typed(self):
        assert {g: dict(self.w.notes.get(g, {})) for g in GROUPS} == self.notes

    @invariant()
    def ready_only_when_complete(self):
        if wizard.ready(self.w):
            assert wizard.problem(self.w) is None
            assert set(self.w.group_answers()) == set(IDS)
            wizard.preview(self.w)  # scores without AnswerError

    @invariant()
    def the_screen_exists(self):
        screen = self.w.screen
        assert isinstance(screen, (Step, Review, Done))
        if isinstance(screen, Step):
            assert 1 <= screen.number <= self.w.steps


Clicks.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=40,
)
test_random_clicks = Clicks.TestCase
