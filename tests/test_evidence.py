"""Evidence files: what is accepted, who may see them, and that bytes and rows go together."""

import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String
from PIL import Image
from sqlmodel import Session, select

from cdht.config import EvidenceQuotas
from cdht.db.engine import make_engine
from cdht.db.evidence import (
    add_evidence,
    delete_evidence,
    evidence_usage,
    list_evidence,
    read_evidence,
)
from cdht.db.file_store import FileStore
from cdht.db.models import AuditEvent, EvidenceFile
from cdht.db.my_data import erase_account, my_data, request_deletion
from cdht.evidence import (
    MAX_BYTES,
    MAX_PER_INDICATOR,
    EvidenceError,
    QuotaExceeded,
    check_file,
    clean_filename,
)
from cdht.roles import ADMIN, CITIZEN, MANAGER, PermissionDenied
from tests.conftest import JUNE, NOVEMBER, add_citizen, add_user


def pdf_bytes(change=None) -> bytes:
    """A one-page PDF, optionally changed by `change(pdf)` before it is saved."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if change is not None:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


PDF = pdf_bytes()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp")],
)
def test_photos_are_recognised_from_their_bytes(fmt, content_type, extension):
    checked = check_file("Giấy chứng nhận.pdf", image_bytes(fmt))
    assert checked.content_type == content_type
    assert checked.filename == f"Giấy chứng nhận.{extension}"  # the bytes decide, not the name


def test_pdf_is_accepted_and_a_cut_pdf_refused():
    assert check_file("ke-hoach.pdf", PDF).content_type == "application/pdf"
    with pytest.raises(EvidenceError, match="PDF"):
        check_file("ke-hoach.pdf", PDF[:-8])


def _js_action(pdf):
    return Dictionary(S=Name.JavaScript, JS=String("app.launchURL('https://example.invalid')"))


def _open_action_js(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(_js_action(pdf))


def _names_tree_js(pdf):
    script = pdf.make_indirect(_js_action(pdf))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), script])))


def _link_with_js(pdf):  # a direct action inside a page annotation
    link = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 90, 90]), A=_js_action(pdf)
    )
    pdf.pages[0].Annots = Array([pdf.make_indirect(link)])


def _page_open_js(pdf):  # additional action of the page
    pdf.pages[0].AA = Dictionary(O=_js_action(pdf))


def _launch(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("cmd.exe"))


def _embedded_file(pdf):
    pdf.attachments["virus.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", mime_type="x")


def _rich_media(pdf):
    media = Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 9, 9]))
    pdf.pages[0].Annots = Array([pdf.make_indirect(media)])


def _xfa(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (_open_action_js, "JavaScript"),
        (_names_tree_js, "JavaScript"),
        (_link_with_js, "JavaScript"),
        (_page_open_js, "JavaScript"),
        (_launch, "lệnh mở chương trình"),
        (_embedded_file, "tệp đính kèm"),
        (_rich_media, "nội dung đa phương tiện"),
        (_xfa, "biểu mẫu XFA"),
    ],
)
def test_pdfs_with_scripts_launch_actions_or_embedded_files_are_refused(change, what):
    with pytest.raises(EvidenceError, match=f"Tệp PDF có {what}: không nhận"):
        check_file("ke-hoach.pdf", pdf_bytes(change))


def test_a_long_ordinary_pdf_fits_the_checks_limits():
    """4,000 pages of text (about 6 MB) pass the child process's memory and time limits."""

    def pages(pdf):
        for _ in range(3_999):
            pdf.add_blank_page()
        for page in pdf.pages:
            page.Contents = pdf.make_stream(
                b"BT 72 720 Td (" + os.urandom(1200).hex().encode() + b") Tj ET"
            )

    data = pdf_bytes(pages)
    assert len(data) > 5 * 1024 * 1024
    assert check_file("bao-cao.pdf", data).content_type == "application/pdf"


def test_pdfs_that_cannot_be_opened_are_refused():
    with pytest.raises(EvidenceError, match="Tệp PDF không đầy đủ hoặc bị hỏng"):
        check_file("a.pdf", b"%PDF-1.7\ngarbage, no objects\n%%EOF\n")
    out = io.BytesIO()
    pikepdf.new().save(out, encryption=pikepdf.Encryption(user="mat-khau", owner="chu"))
    with pytest.raises(EvidenceError, match="mật khẩu"):
        check_file("a.pdf", out.getvalue())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"MZ\x90\x00 not a photo",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        image_bytes("GIF"),
        image_bytes("PNG")[:40],
    ],
)
def test_other_files_are_refused_in_vietnamese(data):
    with pytest.raises(EvidenceError) as caught:
        check_file("tai-lieu.doc", data)
    assert any(word in str(caught.value) for word in ("Chỉ nhận ảnh", "rỗng"))
    # Named as a photo or a PDF: the person is told the file looks broken or renamed.
    for name, suffix in (("anh.JPG", ".jpg"), ("bao-cao.pdf", ".pdf"), ("C:\\anh.webp", ".webp")):
        with pytest.raises(EvidenceError) as caught:
            check_file(name, data)
        assert data == b"" or str(caught.value).startswith(f"Tệp có đuôi {suffix} nhưng"), name


def test_too_big_is_refused_before_reading_it():
    with pytest.raises(EvidenceError, match="10 MB"):
        check_file("anh.png", b"\x89PNG" + b"\0" * MAX_BYTES)


def test_filenames_lose_folders_and_odd_characters():
    assert clean_filename("../../etc/passwd.png", "png") == "passwd.png"
    assert clean_filename("C:\\Users\\An\\bằng khen.JPG", "jpg") == "bằng khen.jpg"
    assert clean_filename('a<b>:"c|?*.png', "png") == "abc.png"
    assert clean_filename("", "pdf") == "minh-chung.pdf"
    assert len(clean_filename("x" * 500 + ".png", "png")) == 120


@pytest.fixture
def people(session, unit):
    from cdht.db.units import create_unit

    create_unit(session, None, name="Trường THCS Nghĩa Hành", code="NghiaH01", now=JUNE)
    session.commit()
    return {
        CITIZEN: add_citizen(session),
        "colleague": add_citizen(
            session, cccd="051190001234", full_name="Nguyễn Thị Ánh", gender="Nữ"
        ),
        MANAGER: add_user(session, MANAGER, "051085000111", "Trần Minh Sơn"),
        ADMIN: add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy"),
        "other_manager": add_user(session, MANAGER, "051085000222", "Võ Văn Bình", "NghiaH01"),
    }


@pytest.fixture
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "evidence")


def test_owner_and_unit_manager_only(session, people, store):
    owner = people[CITIZEN]
    photo = image_bytes()
    info = add_evidence(
        session, owner, store=store, indicator_id="2", name="kế hoạch.png", data=photo, now=JUNE
    )
    row = session.exec(select(EvidenceFile)).one()
    assert store.get(row.storage_key) == photo  # bytes in the store, not in the row
    assert row.filename == "kế hoạch.png" and row.size == len(photo)
    for reader in (owner, people[MANAGER]):
        assert [f.id for f in list_evidence(session, reader, account_id=owner.id)] == [info.id]
        got, data = read_evidence(session, reader, store=store, file_id=info.id, now=JUNE)
        assert (got.filename, data) == ("kế hoạch.png", photo)
    for stranger in (people["colleague"], people[ADMIN], people["other_manager"]):
        with pytest.raises(PermissionDenied):
            list_evidence(session, stranger, account_id=owner.id)
        with pytest.raises(PermissionDenied):
            read_evidence(session, stranger, store=store, file_id=info.id, now=JUNE)
        with pytest.raises(PermissionDenied):
            delete_evidence(session, stranger, store=store, file_id=info.id, now=JUNE)
    actions = session.exec(select(AuditEvent.action, AuditEvent.actor_id)).all()
    assert ("evidence.download", people[MANAGER].id) in actions  # the manager's reading is logged
    assert ("evidence.download", owner.id) not in actions


def test_a_manager_attaches_to_a_member_form_but_not_elsewhere(session, people, store):
    owner = people[CITIZEN]
    info = add_evidence(
        session,
        people[MANAGER],
        store=store,
        indicator_id="1",
        name="phieu.pdf",
        data=PDF,
        now=JUNE,
        subject=owner,
    )
    assert info.by_manager
    with pytest.raises(PermissionDenied):
        add_evidence(
            session,
            people["other_manager"],
            store=store,
            indicator_id="1",
            name="x.pdf",
            data=PDF,
            now=JUNE,
            subject=owner,
        )
    assert len(store.keys()) == 1


def test_at_most_three_per_indicator_and_refusals_store_nothing(session, people, store):
    owner = people[CITIZEN]
    for n in range(MAX_PER_INDICATOR):
        add_evidence(
            session,
            owner,
            store=store,
            indicator_id="3",
            name=f"{n}.png",
            data=image_bytes(),
            now=JUNE,
        )
    with pytest.raises(EvidenceError, match="tối đa 3"):
        add_evidence(
            session,
            owner,
            store=store,
            indicator_id="3",
            name="4.png",
            data=image_bytes(),
            now=JUNE,
        )
    with pytest.raises(EvidenceError):
        add_evidence(
            session,
            owner,
            store=store,
            indicator_id="4",
            name="virus.pdf",
            data=b"MZ not a pdf",
            now=JUNE,
        )
    assert len(store.keys()) == MAX_PER_INDICATOR
    assert len(session.exec(select(EvidenceFile)).all()) == MAX_PER_INDICATOR


def test_delete_removes_row_and_bytes(session, people, store):
    owner = people[CITIZEN]
    info = add_evidence(
        session, owner, store=store, indicator_id="1", name="a.png", data=image_bytes(), now=JUNE
    )
    delete_evidence(session, owner, store=store, file_id=info.id, now=JUNE)
    assert store.keys() == set()
    assert list_evidence(session, owner, account_id=owner.id) == []


def test_in_my_data_and_gone_with_the_account(session, people, store):
    owner = people[CITIZEN]
    add_evidence(
        session,
        owner,
        store=store,
        indicator_id="1",
        name="bằng khen.png",
        data=image_bytes(),
        now=JUNE,
    )
    kept = add_evidence(
        session,
        people["colleague"],
        store=store,
        indicator_id="1",
        name="x.pdf",
        data=PDF,
        now=JUNE,
    )
    listed = my_data(session, owner).files
    assert [(f.indicator_id, f.filename) for f in listed] == [("1", "bằng khen.png")]
    request_deletion(session, owner, now=JUNE)
    erase_account(session, people[MANAGER], store=store, account_id=owner.id, now=JUNE)
    rows = session.exec(select(EvidenceFile)).all()
    assert [r.id for r in rows] == [kept.id]  # only the colleague's file is left
    assert store.keys() == {rows[0].storage_key}


def test_a_decided_year_is_closed_to_new_files(session, people, store):
    from datetime import date

    from cdht.db.decisions import record_decision

    record_decision(
        session,
        people[MANAGER],
        unit_id=people[MANAGER].unit_id,
        year=JUNE.year,
        number="12/QĐ-BDT",
        signed_on=date(JUNE.year, 11, 20),
        signer_name="Trần Minh Sơn",
        signer_title="Trưởng ban",
        now=NOVEMBER,
    )
    with pytest.raises(EvidenceError, match="quyết định"):
        add_evidence(
            session,
            people[CITIZEN],
            store=store,
            indicator_id="1",
            name="a.png",
            data=image_bytes(),
            now=JUNE,
        )
    assert store.keys() == set()


def noise_png(kilobytes: int) -> bytes:
    """A PNG of random pixels (it does not compress): about `kilobytes` KB."""
    side = int((kilobytes * 1024 / 3) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def test_quota_per_person_and_per_unit_with_the_usage_shown_first(session, people, store):
    owner, colleague = people[CITIZEN], people["colleague"]
    photo = noise_png(30)
    quotas = EvidenceQuotas(per_person=2 * len(photo) + 100, per_unit=3 * len(photo) + 100)
    usage = evidence_usage(session, owner, now=JUNE, quotas=quotas)
    assert (usage.year, usage.person_used, usage.unit_used) == (JUNE.year, 0, 0)
    assert usage.room == quotas.per_person
    for indicator in ("1", "2"):
        add_evidence(
            session,
            owner,
            store=store,
            indicator_id=indicator,
            name="a.png",
            data=photo,
            now=JUNE,
            quotas=quotas,
        )
    with pytest.raises(QuotaExceeded, match="mỗi người tối đa 0,1 MB, đã dùng 0,1 MB") as caught:
        add_evidence(
            session,
            owner,
            store=store,
            indicator_id="3",
            name="a.png",
            data=photo,
            now=JUNE,
            quotas=quotas,
        )
    assert caught.value.scope == "person"
    add_evidence(
        session,
        colleague,
        store=store,
        indicator_id="1",
        name="a.png",
        data=photo,
        now=JUNE,
        quotas=quotas,
    )
    with pytest.raises(QuotaExceeded, match="của cả đơn vị") as caught:
        add_evidence(
            session,
            colleague,
            store=store,
            indicator_id="2",
            name="a.png",
            data=photo,
            now=JUNE,
            quotas=quotas,
        )
    assert caught.value.scope == "unit"
    usage = evidence_usage(session, colleague, now=JUNE, quotas=quotas)
    assert (usage.person_used, usage.unit_used) == (len(photo), 3 * len(photo))
    assert usage.room == 100
    # a manager attaching to a member's form uses the member's quota
    with pytest.raises(QuotaExceeded):
        add_evidence(
            session,
            people[MANAGER],
            store=store,
            indicator_id="4",
            name="a.png",
            data=photo,
            now=JUNE,
            subject=owner,
            quotas=quotas,
        )
    assert len(store.keys()) == 3 == len(session.exec(select(EvidenceFile)).all())


@pytest.mark.parametrize("scope", ["person", "unit"])
def test_parallel_uploads_cannot_pass_the_quota(engine_url, session, people, store, scope):
    """Twelve uploads at once (each on its own connection, released together): exactly as many
    as the quota holds are kept, on SQLite and on PostgreSQL."""
    photo = noise_png(30)
    room = 3 * len(photo) + 100
    if scope == "person":
        quotas = EvidenceQuotas(per_person=room, per_unit=100 * len(photo))
        uploaders = [people[CITIZEN]] * 12
    else:
        quotas = EvidenceQuotas(per_person=100 * len(photo), per_unit=room)
        uploaders = [people[CITIZEN], people["colleague"]] * 6
    engine = make_engine(engine_url)
    start = threading.Barrier(len(uploaders))

    def upload(n: int) -> str:
        with Session(engine) as own:
            start.wait()
            try:
                add_evidence(
                    own,
                    uploaders[n],
                    store=store,
                    indicator_id=str(n % 10 + 1),
                    name=f"{n}.png",
                    data=photo,
                    now=JUNE,
                    quotas=quotas,
                )
            except QuotaExceeded as exc:
                return exc.scope
            return "kept"

    with ThreadPoolExecutor(len(uploaders)) as pool:
        outcomes = list(pool.map(upload, range(len(uploaders))))
    engine.dispose()
    assert sorted(outcomes) == ["kept"] * 3 + [scope] * 9
    rows = session.exec(select(EvidenceFile)).all()
    assert len(rows) == 3 and sum(r.size for r in rows) <= room
    assert store.keys() == {r.storage_key for r in rows}  # refused uploads left no bytes
