"""dicomweb-client and pydicom against pacs-service: STOW-RS, QIDO-RS, WADO-RS, WADO-URI."""
import copy
import io
import json

import pydicom
import pytest
import requests
from pydicom.uid import generate_uid
from requests.exceptions import HTTPError

from pacs_support import corpus


def store_corpus(dicomweb):
    files = corpus()
    datasets = [dataset for _, dataset in files]
    response = dicomweb.store_instances(datasets)
    return files, response


def test_store_corpus_and_retrieve_each_instance_unchanged(dicomweb, pacs):
    files, response = store_corpus(dicomweb)
    assert len(response.ReferencedSOPSequence) == len(files)
    assert "FailedSOPSequence" not in response
    for path, original in files:
        retrieved = dicomweb.retrieve_instance(
            original.StudyInstanceUID, original.SeriesInstanceUID, original.SOPInstanceUID,
            media_types=(("application/dicom", "*"),))
        reread = pydicom.dcmread(io.BytesIO(path.read_bytes()))
        assert retrieved == reread, path.name
        for element in reread:
            assert retrieved[element.tag] == element, (path.name, element.tag)


def test_resend_is_idempotent_and_bad_parts_fail_alone(dicomweb, pacs):
    files, _ = store_corpus(dicomweb)
    again = dicomweb.store_instances([files[0][1]])
    assert len(again.ReferencedSOPSequence) == 1
    boundary = "e2e-boundary"
    body = (f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode() + b"not a dicom file"
            + f"\r\n--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode() + files[1][0].read_bytes()
            + f"\r\n--{boundary}--\r\n".encode())
    answer = requests.post(f"{pacs.url}/dicom-web/studies", data=body, timeout=30, headers={
        "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
        "Accept": "application/dicom+json"})
    assert answer.status_code == 202
    result = answer.json()
    assert result["00081198"]["Value"][0]["00081197"]["Value"] == [0xC000]
    assert len(result["00081199"]["Value"]) == 1


def test_study_url_mismatch_fails_that_instance(dicomweb, pacs):
    files = corpus()
    with pytest.raises(HTTPError) as error:
        dicomweb.store_instances([files[0][1]], study_instance_uid="1.2.3.4.5")
    assert error.value.response.status_code == 409
    assert error.value.response.json()["00081198"]["Value"][0]["00081197"]["Value"] == [0xA900]


def test_raw_upload_like_curl(pacs):
    path, dataset = corpus()[0]
    answer = requests.post(f"{pacs.url}/instances", data=path.read_bytes(), timeout=30)
    assert answer.status_code == 200
    assert answer.json()["SOPInstanceUID"] == dataset.SOPInstanceUID
    garbage = requests.post(f"{pacs.url}/instances", data=b"garbage", timeout=30)
    assert garbage.status_code == 400
    assert "error_description" in garbage.json()


def generated_studies(count=6):
    """A generated multi-study set: CT_small copies with new UIDs, names, dates and modalities."""
    template = pydicom.dcmread(pydicom.data.get_testdata_file("CT_small.dcm"))
    names = ["Smith^Anna", "Smith^Bob", "Jones^Carl", "Müller^Jürgen", "O'Brien^Dana", "Smith^Eve"]
    modalities = ["CT", "MR", "CT", "US", "CT", "MR"]
    datasets = []
    for index in range(count):
        for instance in range(2):
            ds = copy.deepcopy(template)
            ds.StudyInstanceUID = generate_uid(entropy_srcs=[f"study{index}"])
            ds.SeriesInstanceUID = generate_uid(entropy_srcs=[f"series{index}"])
            ds.SOPInstanceUID = generate_uid(entropy_srcs=[f"sop{index}.{instance}"])
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.SpecificCharacterSet = "ISO_IR 192"
            ds.PatientName = names[index]
            ds.PatientID = f"GEN-{index}"
            ds.StudyDate = f"2021{index + 1:02d}15"
            ds.StudyTime = f"{8 + index:02d}0000"
            ds.Modality = modalities[index]
            ds.AccessionNumber = f"GENACC{index}"
            ds.StudyDescription = f"Generated study {index}"
            ds.InstanceNumber = instance + 1
            datasets.append(ds)
    return datasets


def test_search_matching_forms(dicomweb):
    datasets = generated_studies()
    dicomweb.store_instances(datasets)

    def names(results):
        return sorted(str(pydicom.Dataset.from_json(r).PatientName) for r in results)

    assert len(dicomweb.search_for_studies()) == 6
    assert names(dicomweb.search_for_studies(search_filters={"PatientName": "smith*"})) == ["Smith^Anna", "Smith^Bob", "Smith^Eve"]
    assert names(dicomweb.search_for_studies(search_filters={"00100010": "Müller^Jürgen"})) == ["Müller^Jürgen"]
    assert names(dicomweb.search_for_studies(search_filters={"PatientName": "jurg"}, fuzzymatching=True)) == ["Müller^Jürgen"]
    assert names(dicomweb.search_for_studies(search_filters={"StudyDate": "20210301-20210515"})) == ["Jones^Carl", "Müller^Jürgen", "O'Brien^Dana"]
    assert names(dicomweb.search_for_studies(search_filters={"StudyDate": "-20210215"})) == ["Smith^Anna", "Smith^Bob"]
    assert names(dicomweb.search_for_studies(search_filters={"ModalitiesInStudy": "MR"})) == ["Smith^Bob", "Smith^Eve"]
    uids = [datasets[0].StudyInstanceUID, datasets[2].StudyInstanceUID]
    assert names(dicomweb.search_for_studies(search_filters={"StudyInstanceUID": uids})) == ["Smith^Anna", "Smith^Bob"]
    assert names(dicomweb.search_for_studies(search_filters={"AccessionNumber": "GENACC?"})) != []
    page = dicomweb.search_for_studies(limit=2, offset=2)
    assert len(page) == 2
    study = dicomweb.search_for_studies(search_filters={"PatientID": "GEN-0"}, fields=["StudyDescription", "00080060"])[0]
    assert study["00081030"]["Value"] == ["Generated study 0"]
    assert study["00201208"]["Value"] == [2]
    assert study["00080061"]["Value"] == ["CT"]
    series = dicomweb.search_for_series(datasets[0].StudyInstanceUID)
    assert [s["00201209"]["Value"] for s in series] == [[2]]
    instances = dicomweb.search_for_instances(datasets[0].StudyInstanceUID, datasets[0].SeriesInstanceUID)
    assert [i["00200013"]["Value"] for i in instances] == [[1], [2]]
    assert dicomweb.search_for_studies(search_filters={"PatientName": "Nobody*"}) == []


def test_ohif_style_query_with_comma_includefield(pacs, dicomweb):
    dicomweb.store_instances(generated_studies(2))
    answer = requests.get(f"{pacs.url}/dicom-web/studies?limit=101&offset=0&fuzzymatching=false"
                          "&includefield=00081030%2C00080060&00100020=GEN-1", timeout=30,
                          headers={"Accept": "application/dicom+json"})
    assert answer.status_code == 200
    [study] = answer.json()
    assert study["00081030"]["Value"] == ["Generated study 1"]
    bad = requests.get(f"{pacs.url}/dicom-web/studies?StudyDate=yesterday", timeout=30)
    assert bad.status_code == 400
    assert "StudyDate" in bad.json()["error_description"]


def test_metadata_and_bulkdata_uris_follow_the_gateway_headers(pacs, dicomweb):
    files, _ = store_corpus(dicomweb)
    _, ct = files[0]
    answer = requests.get(f"{pacs.url}/dicom-web/studies/{ct.StudyInstanceUID}/series/{ct.SeriesInstanceUID}/metadata", timeout=30,
                          headers={"X-Forwarded-Host": "imaging.example.org", "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/pacs"})
    assert answer.status_code == 200
    [instance] = answer.json()
    assert instance["7FE00010"]["BulkDataURI"].startswith(
        f"https://imaging.example.org/pacs/dicom-web/studies/{ct.StudyInstanceUID}/series/{ct.SeriesInstanceUID}/instances/")
    parsed = pydicom.Dataset.from_json(instance, bulk_data_uri_handler=lambda *_: b"")
    assert parsed.PatientName == ct.PatientName
    assert parsed.Rows == ct.Rows
    metadata = dicomweb.retrieve_study_metadata(ct.StudyInstanceUID)
    assert len(metadata) == 1


def test_wado_uri_returns_the_stored_file(pacs, dicomweb):
    files, _ = store_corpus(dicomweb)
    path, ds = files[1]
    answer = requests.get(f"{pacs.url}/wado", timeout=30, params={
        "requestType": "WADO", "studyUID": ds.StudyInstanceUID, "seriesUID": ds.SeriesInstanceUID,
        "objectUID": ds.SOPInstanceUID, "contentType": "application/dicom"})
    assert answer.status_code == 200
    assert answer.content == path.read_bytes()


def test_delete_and_reject(pacs, dicomweb):
    datasets = generated_studies(2)
    dicomweb.store_instances(datasets)
    first = datasets[0]
    dicomweb.delete_instance(first.StudyInstanceUID, first.SeriesInstanceUID, first.SOPInstanceUID)
    [study] = dicomweb.search_for_studies(search_filters={"StudyInstanceUID": first.StudyInstanceUID})
    assert study["00201208"]["Value"] == [1]
    reject = requests.post(f"{pacs.url}/dicom-web/studies/{first.StudyInstanceUID}/reject/113039%5EDCM", timeout=30)
    assert reject.status_code == 204
    assert dicomweb.search_for_studies(search_filters={"StudyInstanceUID": first.StudyInstanceUID}) == []
    assert len(dicomweb.search_for_studies()) == 1
