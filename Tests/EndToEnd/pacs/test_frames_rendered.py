"""Frames and rendered images through dicomweb-client, checked against pydicom and Pillow."""
import io

import pydicom
import pydicom.data
import requests
from PIL import Image
from pydicom.encaps import generate_frames


def store(dicomweb, *names):
    datasets = [pydicom.dcmread(pydicom.data.get_testdata_file(name)) for name in names]
    dicomweb.store_instances(datasets)
    return datasets


def test_native_frames_equal_pydicom_bytes(dicomweb):
    [ct] = store(dicomweb, "CT_small.dcm")
    [frame] = dicomweb.retrieve_instance_frames(ct.StudyInstanceUID, ct.SeriesInstanceUID, ct.SOPInstanceUID, frame_numbers=[1])
    assert frame == ct.PixelData


def test_compressed_frames_as_stored_name_their_transfer_syntax(pacs, dicomweb):
    [rle] = store(dicomweb, "SC_rgb_rle_2frame.dcm")
    expected = list(generate_frames(rle.PixelData, number_of_frames=2))
    frames = dicomweb.retrieve_instance_frames(rle.StudyInstanceUID, rle.SeriesInstanceUID, rle.SOPInstanceUID,
                                               frame_numbers=[1, 2], media_types=(("image/dicom-rle", "1.2.840.10008.1.2.5"),))
    assert frames == expected
    url = f"{pacs.url}/dicom-web/studies/{rle.StudyInstanceUID}/series/{rle.SeriesInstanceUID}/instances/{rle.SOPInstanceUID}/frames/2"
    answer = requests.get(url, timeout=30, headers={"Accept": 'multipart/related; type="application/octet-stream"; transfer-syntax=*'})
    assert answer.status_code == 200
    assert b"transfer-syntax=1.2.840.10008.1.2.5" in answer.content[:300]
    refused = requests.get(url, timeout=30, headers={"Accept": 'multipart/related; type="application/octet-stream"'})
    assert refused.status_code == 406
    missing = requests.get(url.replace("/frames/2", "/frames/3"), timeout=30)
    assert missing.status_code == 404


def test_rendered_png_and_jpeg(pacs, dicomweb):
    [ct] = store(dicomweb, "CT_small.dcm")
    png = dicomweb.retrieve_instance_rendered(ct.StudyInstanceUID, ct.SeriesInstanceUID, ct.SOPInstanceUID, media_types=("image/png",))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (ct.Columns, ct.Rows)
    base = f"{pacs.url}/dicom-web/studies/{ct.StudyInstanceUID}/series/{ct.SeriesInstanceUID}/instances/{ct.SOPInstanceUID}"
    jpeg = requests.get(f"{base}/frames/1/rendered?window=40,400&quality=80", timeout=30, headers={"Accept": "image/jpeg"})
    assert jpeg.status_code == 200
    assert Image.open(io.BytesIO(jpeg.content)).format == "JPEG"
    bad = requests.get(f"{base}/rendered?window=40", timeout=30)
    assert bad.status_code == 400


def test_bulkdata_uris_of_the_metadata_resolve(pacs, dicomweb):
    [ct, mr] = store(dicomweb, "CT_small.dcm", "MR_small.dcm")
    for dataset in (ct, mr):
        # plain requests: dicomweb-client drops the port from the BulkDataURIs it hands back
        [metadata] = requests.get(f"{pacs.url}/dicom-web/studies/{dataset.StudyInstanceUID}/series/{dataset.SeriesInstanceUID}"
                                  f"/instances/{dataset.SOPInstanceUID}/metadata", timeout=30).json()
        uri = metadata["7FE00010"]["BulkDataURI"]
        assert uri.startswith(dicomweb.base_url), (uri, dicomweb.base_url)
        assert dicomweb.retrieve_bulkdata(uri) == [dataset.PixelData]


def test_rendered_viewport_thumbnail_and_wado_uri_jpeg(pacs, dicomweb):
    [ct] = store(dicomweb, "CT_small.dcm")
    base = f"{pacs.url}/dicom-web/studies/{ct.StudyInstanceUID}/series/{ct.SeriesInstanceUID}/instances/{ct.SOPInstanceUID}"
    fitted = requests.get(f"{base}/rendered?viewport=32,16", timeout=30, headers={"Accept": "image/png"})
    assert Image.open(io.BytesIO(fitted.content)).size == (16, 16)
    thumbnail = requests.get(f"{base}/thumbnail?viewport=32,32", timeout=30, headers={"Accept": "image/jpeg"})
    assert Image.open(io.BytesIO(thumbnail.content)).size == (32, 32)
    wado = requests.get(f"{pacs.url}/wado", timeout=30, params=dict(
        requestType="WADO", studyUID=ct.StudyInstanceUID, seriesUID=ct.SeriesInstanceUID, objectUID=ct.SOPInstanceUID,
        contentType="image/jpeg", rows=64))
    assert wado.status_code == 200 and wado.headers["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(wado.content)).size == (64, 64)
