"""Our multipart/related parser and writer interoperate with Python's (RFC 2046 / RFC 2387)."""
import email.parser
import email.policy
import subprocess
import uuid

import pytest

from dicom_corpus import CORPUS


def python_body(parts, boundary):
    """A multipart/related body as any HTTP client would write it."""
    chunks = []
    for index, payload in enumerate(parts):
        chunks.append(f"--{boundary}\r\nContent-Type: application/dicom\r\nContent-ID: <{index}@x>\r\n\r\n".encode())
        chunks.append(payload)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks)


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_parser_splits_a_python_body(dicom_tool, tmp_path, chunk):
    files = [CORPUS / "test_files" / name for name in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm")]
    payloads = [p.read_bytes() for p in files] + [b"", b"\r\n--not-the-boundary\r\n"]
    boundary = uuid.uuid4().hex
    body = tmp_path / "body"
    body.write_bytes(python_body(payloads, boundary))
    out = tmp_path / "parts"
    out.mkdir()
    content_type = f'multipart/related; type="application/dicom"; boundary={boundary}'
    result = subprocess.run([str(dicom_tool), "multipart-split", content_type, str(body), str(out), str(chunk)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(payloads)
    for index, payload in enumerate(payloads):
        assert (out / f"part{index}").read_bytes() == payload
        assert f"content-id: <{index}@x>" in (out / f"part{index}.headers").read_text()


def test_python_parses_our_body(dicom_tool, tmp_path):
    files = [CORPUS / "test_files" / name for name in ("CT_small.dcm", "MR_small.dcm")]
    out = tmp_path / "body"
    result = subprocess.run([str(dicom_tool), "multipart-join", str(out), *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    content_type = result.stdout.strip()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + out.read_bytes())
    assert message.get_content_type() == "multipart/related"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["application/dicom"] * 2
    assert [p.get_payload(decode=True) for p in parts] == [f.read_bytes() for f in files]


def test_truncated_body_is_rejected(dicom_tool, tmp_path):
    body = tmp_path / "body"
    body.write_bytes(python_body([b"abc"], "xyz")[:-10])
    result = subprocess.run([str(dicom_tool), "multipart-split", "multipart/related; boundary=xyz", str(body), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "unexpectedEnd" in result.stderr
