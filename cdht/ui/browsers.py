"""A short name for a browser from its User-Agent header, for the list of a person's sessions."""

# Checked in order: several browsers also name the ones they are built on.
_BROWSERS = (
    ("coc_coc_browser", "Cốc Cốc"),
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
UNKNOWN = "Trình duyệt không rõ"


def browser_label(user_agent: str) -> str:
    """E.g. "Chrome trên Windows", "Safari trên iPhone"; UNKNOWN when nothing is recognised."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} trên {system}"
    return browser or (f"Trình duyệt trên {system}" if system else UNKNOWN)
