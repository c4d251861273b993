"""Evidence files on screen: a download button that reads the bytes only when pressed."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial

import streamlit as st
from sqlmodel import Session

from cdht.db.evidence import EvidenceInfo, EvidenceUsage, read_evidence
from cdht.evidence import megabytes
from cdht.numbers import number_vi
from cdht.roles import Actor
from cdht.ui import state
from cdht.ui.text import md
from cdht.window import now_utc


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{number_vi(size / (1024 * 1024), 1)} MB"
    return f"{max(1, round(size / 1024))} KB"


def _bytes(
    actor: Actor, file_id: int, later: Callable[[], AbstractContextManager[Session]]
) -> bytes:
    with later() as session:
        _, data = read_evidence(
            session, actor, store=state.file_store(), file_id=file_id, now=now_utc()
        )
    return data


def download_button(actor: Actor, info: EvidenceInfo, *, key: str) -> None:
    st.download_button(
        f"{md(info.filename)} ({human_size(info.size)})",  # a label is Markdown: as named
        data=partial(_bytes, actor, info.id, state.db_later()),
        file_name=info.filename,
        mime=info.content_type,
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def quota_note(usage: EvidenceUsage) -> None:
    """This year's evidence quota and how much of it is used, shown before a file is picked."""
    text = (
        f"Đã dùng {megabytes(usage.person_used)} / {megabytes(usage.person_limit)} dung lượng "
        f"minh chứng năm {usage.year}."
    )
    unit_room = max(0, usage.unit_limit - usage.unit_used)
    if unit_room < usage.person_limit - usage.person_used:
        text += f" Cả đơn vị chỉ còn {megabytes(unit_room)}."
    if usage.room <= 0:
        text += " Đã hết dung lượng: hãy xoá bớt tệp để thêm tệp mới."
    st.caption(text)
