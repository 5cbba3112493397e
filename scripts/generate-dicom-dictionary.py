#!/usr/bin/env python3
"""Generate Shared/DICOMCore/Dictionary/DataDictionary+Generated.swift.

Source: pydicom's machine-readable data dictionary (``pydicom._dicom_dict``,
``pydicom._uid_dict``), itself generated from the DICOM standard PS3.6.
Usage (from the repository root, with pydicom installed, e.g. from
Tests/EndToEnd/requirements.txt):

    python3 scripts/generate-dicom-dictionary.py

The output is a set of compact text tables inside Swift raw string literals
(fast to compile); DICOMCore parses them once, lazily, on first use.
"""
import os
import re
import sys

import pydicom
from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary
from pydicom._uid_dict import UID_dictionary
from pydicom._private_dict import private_dictionaries

OUT = os.path.join(os.path.dirname(__file__), "..", "Shared", "DICOMCore",
                   "Dictionary", "DataDictionary+Generated.swift")
CHARSETS_OUT = os.path.join(os.path.dirname(__file__), "..", "Shared", "DICOMCore",
                            "CharacterSets", "CharacterSetTables+Generated.swift")
TAGS_OUT = os.path.join(os.path.dirname(__file__), "..", "Shared", "DICOMCore",
                        "Dictionary", "DICOMTag+Keywords.swift")


def vr_field(vr: str) -> str:
    """'US or SS' -> 'US/SS'; 'NONE' (item delimiters) -> '--'."""
    if vr == "NONE":
        return "--"
    return "/".join(part.strip() for part in vr.split(" or "))


def clean(text: str) -> str:
    if "|" in text or "\n" in text or '"""#' in text:
        raise SystemExit(f"unexpected character in {text!r}")
    return text


def swift_identifier(keyword: str) -> str:
    """Lower-camel-case a DICOM keyword: PatientName -> patientName, SOPClassUID -> sopClassUID."""
    m = re.match(r"^([A-Z]+)(.*)$", keyword)
    if not m:
        return keyword
    head, rest = m.groups()
    if len(head) == 1 or not rest:
        lowered = head.lower()
    elif rest[0].islower():
        lowered = head[:-1].lower() + head[-1]
    else:
        lowered = head.lower()
    ident = lowered + rest
    if ident[0].isdigit():
        ident = "_" + ident
    return ident


SINGLE_BYTE = {
    # name used in Swift: Python codec (the codecs pydicom uses, PS3.3 Table C.12-2)
    "latin1": "latin_1", "latin2": "iso8859_2", "latin3": "iso8859_3", "latin4": "iso8859_4",
    "greek": "iso8859_7", "arabic": "iso8859_6", "hebrew": "iso8859_8", "cyrillic": "iso8859_5",
    "latin5": "iso8859_9", "thai": "tis_620", "latin9": "iso8859_15", "katakana": "shift_jis",
}


def b64_u16(values) -> str:
    import base64
    raw = b"".join(v.to_bytes(2, "big") for v in values)
    text = base64.b64encode(raw).decode("ascii")
    return "\n".join(text[i:i + 120] for i in range(0, len(text), 120))


def decode_one(data: bytes, codec: str) -> int:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return 0
    if len(text) != 1 or ord(text) > 0xFFFF:
        return 0
    return ord(text)


def charset_tables() -> str:
    out = ["extension CharacterSetTables {"]
    for name, codec in SINGLE_BYTE.items():
        values = [decode_one(bytes([b]), codec) for b in range(0x80, 0x100)]
        out.append(f"    /// Bytes 0x80-0xFF of {codec} as big-endian UTF-16 code units (0: undefined), base64.")
        out.append(f'    static let {name}High = """\n{b64_u16(values)}\n"""')
    def table94(prefix: bytes, codec: str, high: bool):
        values = []
        for row in range(0x21, 0x7F):
            for col in range(0x21, 0x7F):
                pair = bytes([row | 0x80, col | 0x80]) if high else bytes([row, col])
                values.append(decode_one(prefix + pair, codec))
        return values
    multi = {
        "jisX0208": (b"\x1b$B", "iso2022_jp", False),
        "jisX0212": (b"\x1b$(D", "iso2022_jp_2", False),
        "ksX1001": (b"", "euc_kr", True),
        "gb2312": (b"", "gb2312", True),
    }
    for name, (prefix, codec, high) in multi.items():
        out.append(f"    /// 94x94 {codec} table, row-major from (0x21,0x21), big-endian UTF-16 (0: undefined), base64.")
        out.append(f'    static let {name} = """\n{b64_u16(table94(prefix, codec, high))}\n"""')
    values = []
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            values.append(0 if trail == 0x7F else decode_one(bytes([lead, trail]), "gb18030"))
    out.append("    /// GB18030 two-byte codes: lead 0x81-0xFE x trail 0x40-0xFE, big-endian UTF-16 (0: undefined), base64.")
    out.append(f'    static let gb18030TwoByte = """\n{b64_u16(values)}\n"""')
    # Four-byte BMP codes as ranges of consecutive code points: (linear index, first code point).
    ranges = []
    previous = None
    for index in range(0, 10 * 126 * 10 * 4):
        b1, rest = divmod(index, 12600)
        b2, rest = divmod(rest, 1260)
        b3, b4 = divmod(rest, 10)
        code = decode_one(bytes([0x81 + b1, 0x30 + b2, 0x81 + b3, 0x30 + b4]), "gb18030")
        if code == 0:
            previous = None
            continue
        if previous is not None and code == previous[1] + 1 and index == previous[0] + 1:
            previous = (index, code)
            continue
        ranges.append((index, code))
        previous = (index, code)
    flat = [v for pair in ranges for v in pair]
    out.append("    /// GB18030 four-byte BMP ranges as pairs (linear index from 0x81308130, first code point).")
    out.append("    static let gb18030FourByteRanges: [(Int, Int)] = [")
    for i in range(0, len(ranges), 8):
        out.append("        " + ", ".join(f"({a}, {b})" for a, b in ranges[i:i + 8]) + ",")
    out.append("    ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main() -> None:
    version = pydicom.__version__
    rows = []
    for tag in sorted(DicomDictionary):
        vr, vm, name, retired, keyword = DicomDictionary[tag]
        rows.append(f"{tag:08X}|{vr_field(vr)}|{vm}|{clean(keyword)}|{clean(name)}|{1 if retired else 0}")
    masked = []
    for pattern in sorted(RepeatersDictionary):
        vr, vm, name, retired, keyword = RepeatersDictionary[pattern]
        mask = "".join("0" if c == "x" else "F" for c in pattern)
        value = pattern.replace("x", "0")
        masked.append(f"{value.upper()}|{mask}|{vr_field(vr)}|{vm}|{clean(keyword)}|{clean(name)}|{1 if retired else 0}")
    private = []
    for creator in sorted(private_dictionaries):
        for pattern in sorted(private_dictionaries[creator]):
            vr, vm, name, retired = private_dictionaries[creator][pattern]
            private.append(f"{clean(creator)}|{pattern.upper().replace('X', 'x')}|{vr_field(vr)}|{vm}|{clean(name)}")
    uids = []
    for uid in sorted(UID_dictionary):
        name, kind, info, retired, keyword = UID_dictionary[uid]
        uids.append(f"{uid}|{clean(kind)}|{clean(keyword)}|{clean(name)}|{1 if retired else 0}")

    header = (f"// Generated by scripts/generate-dicom-dictionary.py from pydicom {version} "
              "(_dicom_dict.py, _uid_dict.py; DICOM PS3.6). Do not edit by hand.\n")
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(header)
        f.write("\n")
        f.write("extension DataDictionary {\n")
        f.write("    /// Standard data elements: `TAG|VR[/VR…]|VM|Keyword|Name|Retired`, one per line, sorted by tag.\n")
        f.write('    static let standardTable: String = #"""\n')
        f.write("\n".join(rows))
        f.write('\n"""#\n\n')
        f.write("    /// Repeating-group and masked elements: `VALUE|MASK|VR|VM|Keyword|Name|Retired` (a tag matches when `tag & MASK == VALUE`).\n")
        f.write('    static let maskedTable: String = #"""\n')
        f.write("\n".join(masked))
        f.write('\n"""#\n\n')
        f.write("    /// Private elements by creator (from GDCM via pydicom): `Creator|GGGGxxEE|VR|VM|Name`;\n")
        f.write("    /// `xx` stands for the block byte, `GGxxxxEE` for any odd group in a range.\n")
        f.write('    static let privateTable: String = #"""\n')
        f.write("\n".join(private))
        f.write('\n"""#\n}\n\n')
        f.write("extension UIDDictionary {\n")
        f.write("    /// Registered UIDs (PS3.6 Annex A): `UID|Type|Keyword|Name|Retired`.\n")
        f.write('    static let table: String = #"""\n')
        f.write("\n".join(uids))
        f.write('\n"""#\n}\n')

    seen = set()
    with open(TAGS_OUT, "w", encoding="utf-8") as f:
        f.write(header)
        f.write("\n")
        f.write("extension DICOMTag {\n")
        for tag in sorted(DicomDictionary):
            vr, vm, name, retired, keyword = DicomDictionary[tag]
            if not keyword:
                continue
            ident = swift_identifier(keyword)
            if ident in seen:
                continue
            seen.add(ident)
            note = " (retired)" if retired else ""
            f.write(f"    /// {name}{note}\n")
            f.write(f"    public static let {ident} = DICOMTag(0x{tag:08X})\n")
        f.write("}\n")
    with open(CHARSETS_OUT, "w", encoding="utf-8") as f:
        f.write(header.replace("(_dicom_dict.py, _uid_dict.py; DICOM PS3.6)", "(character set tables from Python's codecs, as pydicom decodes)"))
        f.write("\n")
        f.write(charset_tables())
    print(f"wrote {len(rows)} elements, {len(masked)} masked, {len(uids)} UIDs", file=sys.stderr)


if __name__ == "__main__":
    main()
