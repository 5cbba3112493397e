"""Normalisation of DICOM JSON so that ours and pydicom's `to_json_dict` compare element by element."""
import base64
import math

BINARY_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"}


def _number(value):
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value.strip()
    if isinstance(value, (int, float)):
        return float(value)
    return value


def _same_number(a, b) -> bool:
    a, b = _number(a), _number(b)
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
    return a == b


def _person_name(value):
    if value is None:
        return {}
    if isinstance(value, str):
        value = {"Alphabetic": value}
    return {k: v for k, v in value.items() if v not in (None, "")}


def _strip(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.rstrip(" \x00")
    return value


def _values(element):
    values = element.get("Value")
    if values is None:
        return []
    return values


def compare_element(tag, ours, theirs, path=""):
    """Returns a list of difference descriptions (empty when equal)."""
    where = f"{path}{tag}"
    vr = theirs.get("vr")
    # Pixel Data is OB or OW depending on the encoding (implicit VR has no VR to keep: PS3.5 A.1, A.4).
    if tag.upper() == "7FE00010" and {ours.get("vr"), vr} <= {"OB", "OW"}:
        ours = dict(ours, vr=vr)
    if ours.get("vr") != vr:
        return [f"{where}: vr {ours.get('vr')} != {vr}"]
    if vr in BINARY_VRS:
        a = _binary(ours)
        b = _binary(theirs)
        # Odd-length values gain one NUL pad byte when written (PS3.5 §7.1.1).
        if isinstance(a, bytes) and isinstance(b, bytes) and abs(len(a) - len(b)) == 1:
            a, b = a.rstrip(b"\x00"), b.rstrip(b"\x00")
        if a != b:
            return [f"{where}: binary differs ({len(a or b'')} vs {len(b or b'')} bytes)"]
        return []
    if vr == "SQ":
        a, b = _values(ours), _values(theirs)
        if len(a) != len(b):
            return [f"{where}: {len(a)} items != {len(b)}"]
        diffs = []
        for index, (item_a, item_b) in enumerate(zip(a, b)):
            diffs += compare_dataset(item_a, item_b, f"{where}[{index}].")
        return diffs
    a, b = _values(ours), _values(theirs)
    # Trailing empty values are not significant.
    while a and _strip(a[-1]) in ("", {}) and len(a) > len(b):
        a = a[:-1]
    while b and _strip(b[-1]) in ("", {}) and len(b) > len(a):
        b = b[:-1]
    if len(a) != len(b):
        return [f"{where}: {len(a)} values != {len(b)}: {a[:4]!r} vs {b[:4]!r}"]
    for x, y in zip(a, b):
        if vr == "PN":
            if _person_name(x) != _person_name(y):
                return [f"{where}: PN {x!r} != {y!r}"]
        elif vr in ("IS", "DS", "FL", "FD", "US", "SS", "UL", "SL", "SV", "UV"):
            if not _same_number(x, y) and not (_strip(x) == "" and _strip(y) == ""):
                return [f"{where}: {x!r} != {y!r}"]
        elif vr == "AT":
            if str(x).upper() != str(y).upper():
                return [f"{where}: {x!r} != {y!r}"]
        else:
            if _strip(x) != _strip(y):
                return [f"{where}: {x!r} != {y!r}"]
    return []


def _binary(element):
    if "InlineBinary" in element:
        data = base64.b64decode(element["InlineBinary"])
        return data
    if "BulkDataURI" in element:
        return element["BulkDataURI"]
    return b""


def compare_dataset(ours: dict, theirs: dict, path="") -> list:
    diffs = []
    ours = {k.upper(): v for k, v in ours.items() if not k.upper().endswith("0000")}
    theirs = {k.upper(): v for k, v in theirs.items() if not k.upper().endswith("0000")}
    for tag in sorted(set(ours) | set(theirs)):
        if tag not in ours:
            diffs.append(f"{path}{tag}: missing in ours")
        elif tag not in theirs:
            diffs.append(f"{path}{tag}: extra in ours")
        else:
            diffs += compare_element(tag, ours[tag], theirs[tag], path)
    return diffs
