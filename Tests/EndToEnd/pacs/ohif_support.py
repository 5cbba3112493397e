"""The real OHIF Viewer v3 (scripts/fetch-viewer.sh, cached under TESSERA_CACHE_DIR) served by a
tiny static server with an app-config.js that points its DICOMweb data source at pacs-service
and adds the Bearer token to the viewer's requests; headless Chromium through selenium."""
import functools
import http.server
import io
import json
import os
import subprocess
import threading
from pathlib import Path

import numpy
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

ROOT = Path(__file__).resolve().parents[3]
CACHE = Path(os.environ.get("TESSERA_CACHE_DIR", ROOT / ".build" / "cache"))

APP_CONFIG = """
(function () {
  const pacs = %(root)s, header = 'Bearer ' + %(token)s;
  // The data source asks userAuthenticationService for headers, which only OIDC or ?token= fill;
  // add the token to every request the viewer sends to pacs-service instead.
  const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) { this._tesseraURL = String(url); return open.apply(this, arguments); };
  XMLHttpRequest.prototype.send = function () {
    if (this._tesseraURL.startsWith(pacs)) { this.setRequestHeader('Authorization', header); }
    return send.apply(this, arguments);
  };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (url.startsWith(pacs)) { init = Object.assign({}, init); init.headers = Object.assign({}, init.headers, { Authorization: header }); }
    return fetch.call(this, input, init);
  };
})();
window.config = {
  routerBasename: '/ohif/', showStudyList: true, extensions: [], modes: [],
  showWarningMessageForCrossOrigin: false, showCPUFallbackMessage: false, showLoadingIndicator: true,
  defaultDataSourceName: 'dicomweb', useSharedArrayBuffer: 'FALSE',
  investigationalUseDialog: { option: 'never' },
  dataSources: [{
    namespace: '@ohif/extension-default.dataSourcesModule.dicomweb', sourceName: 'dicomweb',
    configuration: {
      friendlyName: 'Tessera pacs-service', name: 'tessera',
      wadoUriRoot: %(wado)s, qidoRoot: %(root)s, wadoRoot: %(root)s,
      qidoSupportsIncludeField: true, supportsReject: true, imageRendering: 'wadors', thumbnailRendering: 'wadors',
      enableStudyLazyLoad: true, supportsFuzzyMatching: true, supportsWildcard: true, bulkDataURI: { enabled: true },
    },
  }],
};
"""


def viewer_dir():
    """The unpacked viewer (fetched once, then reused from the cache)."""
    target = CACHE / "ohif-viewer"
    subprocess.run([str(ROOT / "scripts" / "fetch-viewer.sh"), str(target)], check=True, capture_output=True, timeout=600)
    return target


class ViewerServer:
    """Serves the viewer under /ohif/ (SPA fallback to index.html) with our app-config.js."""

    def __init__(self, directory):
        self.config = b"window.config = {};"
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                if path == "/ohif/app-config.js":
                    return self._send(server.config, "application/javascript")
                if not path.startswith("/ohif/"):
                    self.send_response(302)
                    self.send_header("Location", "/ohif/")
                    self.end_headers()
                    return
                relative = path[len("/ohif/"):]
                file = (Path(directory) / relative).resolve()
                if not relative or not file.is_file() or Path(directory).resolve() not in file.parents:
                    file = Path(directory) / "index.html"
                self.path = "/" + str(file.relative_to(directory))
                return super().do_GET()

            def _send(self, body, kind):
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        handler = functools.partial(Handler, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def configure(self, pacs_root, token):
        """Points the viewer at pacs-service's DICOMweb root, with the token on its requests."""
        wado = json.dumps(pacs_root.removesuffix("/dicom-web") + "/wado")
        self.config = (APP_CONFIG % {"root": json.dumps(pacs_root), "token": json.dumps(token), "wado": wado}).encode()

    def stop(self):
        self.server.shutdown()


def ct_study(study, series, slices=3, size=256):
    """Part 10 bytes of a small CT series with a bright disc on a dark background."""
    result = []
    y, x = numpy.mgrid[0:size, 0:size]
    for index in range(slices):
        ds = Dataset()
        ds.PatientName, ds.PatientID = "VIEWER^CHECK", "OHIF-1"
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.SOPInstanceUID = f"{series}.{index + 1}"
        ds.SOPClassUID, ds.Modality = "1.2.840.10008.5.1.4.1.1.2", "CT"
        ds.StudyDate, ds.StudyTime, ds.AccessionNumber = "20240301", "101500", "OHIFACC1"
        ds.StudyDescription, ds.SeriesDescription = "Tessera viewer check", "Disc"
        ds.SeriesNumber, ds.InstanceNumber = 1, index + 1
        ds.ImagePositionPatient, ds.ImageOrientationPatient = [0, 0, index * 2.0], [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing, ds.SliceThickness = [1, 1], 2
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows = ds.Columns = size
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        ds.RescaleIntercept, ds.RescaleSlope, ds.WindowCenter, ds.WindowWidth = -1024, 1, 40, 400
        disc = ((x - size / 2) ** 2 + (y - size / 2) ** 2) < (size / 3) ** 2
        ds.PixelData = numpy.where(disc, 1024 + 300, 0).astype(numpy.int16).tobytes()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        buffer = io.BytesIO()
        ds.save_as(buffer, enforce_file_format=True)
        result.append(buffer.getvalue())
    return result
