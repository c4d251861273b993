"""Looking inside a PDF for what must not reach a manager's viewer, in a child process.

qpdf (under pikepdf) decodes cross-reference and object streams while it opens a file, and a few
hundred KB can inflate to gigabytes there. So the file is opened in a separate process whose
address space and CPU time are limited, and the server reads only its one-word answer. This
file needs only pikepdf and the standard library (no streamlit, no database), and runs as a
script (`python -I`).
"""

import io
import resource
import subprocess
import sys

import pikepdf

MEMORY_BYTES = 256 * 1024 * 1024
CPU_SECONDS = 10
WALL_SECONDS = 30

OK, BROKEN, PASSWORD, TOO_COMPLEX = "ok", "broken", "password", "too-complex"
JAVASCRIPT, LAUNCH, EMBEDDED, RICH_MEDIA, XFA = "javascript", "launch", "embedded", "media", "xfa"
ANSWERS = frozenset(
    {OK, BROKEN, PASSWORD, TOO_COMPLEX, JAVASCRIPT, LAUNCH, EMBEDDED, RICH_MEDIA, XFA}
)
# What a PDF may not hold, as dictionary keys and as the values of /S (an action's kind), /Type
# and /Subtype: scripts, actions that start programs, files inside the file, Flash/3D media, XML
# forms (XFA).
_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/EmbeddedFiles": EMBEDDED,
    "/EF": EMBEDDED,
    "/RichMediaContent": RICH_MEDIA,
    "/XFA": XFA,
}
_NAMES = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/EmbeddedFile": EMBEDDED,
    "/FileAttachment": EMBEDDED,
    "/RichMedia": RICH_MEDIA,
}


def _direct_container(value: object) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


def forbidden(pdf: pikepdf.Pdf) -> str | None:
    """The first forbidden thing found in any object (scripts hide in page annotations, form
    fields, name trees and the document's open action alike), or None."""
    stack: list[pikepdf.Object] = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            for key in obj:
                if key in _KEYS:
                    return _KEYS[key]
                value = obj.get(key)
                if key in ("/S", "/Type", "/Subtype") and isinstance(value, pikepdf.Name):
                    if str(value) in _NAMES:
                        return _NAMES[str(value)]
                elif _direct_container(value):  # indirect objects are in pdf.objects
                    stack.append(value)
        elif isinstance(obj, pikepdf.Array):
            stack.extend(item for item in obj if _direct_container(item))
    return None


def judge(data: bytes) -> str:
    """One of ANSWERS for the PDF's bytes, in this process (the child's side)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return forbidden(pdf) or OK
    except pikepdf.PasswordError:
        return PASSWORD
    except (pikepdf.PdfError, RecursionError, ValueError):
        return BROKEN


def judge_isolated(data: bytes) -> str:
    """One of ANSWERS, judged in a child process limited to MEMORY_BYTES and CPU_SECONDS; a child
    that runs out of either, or of WALL_SECONDS, answers TOO_COMPLEX."""
    try:
        done = subprocess.run(
            [sys.executable, "-I", __file__],
            input=data,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return TOO_COMPLEX
    answer = done.stdout.decode("ascii", "replace").strip()
    return answer if done.returncode == 0 and answer in ANSWERS else TOO_COMPLEX


def _main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    print(judge(sys.stdin.buffer.read()))


if __name__ == "__main__":
    _main()
