import DICOMCore
import Hummingbird

/// The study list, study page and series page.
extension AdminRoutes {
    func studyList(_ request: Request, _ context: Context, _ viewer: AdminViewer) async throws -> Response {
        let form = try StudyListQuery(query: request.uri.query)
        var values: [String: Any] = Self.formValues(form, viewer: viewer)
        do {
            let page = try await index.search(try form.qido(), root: baseURL.dicomWeb(for: request), logger: context.logger)
            let studies = page.objects.compactMap(DICOMJSONObject.init).map { Self.studyRow($0, viewer: viewer) }
            values["studies"] = studies
            values["empty"] = studies.isEmpty
            let first = (form.page - 1) * StudyListQuery.pageSize
            values["range"] = studies.isEmpty ? "" : "\(first + 1)–\(first + studies.count)"
            if form.page > 1 { values["previousURL"] = "\(viewer.base)/?\(form.queryString(page: form.page - 1))" }
            if page.hasMore { values["nextURL"] = "\(viewer.base)/?\(form.queryString(page: form.page + 1))" }
        } catch let error as PACSError where error.code == .badRequest {
            values["formError"] = error.reason
            values["studies"] = [[String: Any]]()
        }
        return pages.page("studies", title: "Studies", viewer: viewer, values: values)
    }

    /// The search form's values, sort links and modality options.
    static func formValues(_ form: StudyListQuery, viewer: AdminViewer) -> [String: Any] {
        var values: [String: Any] = [
            "name": form.name, "patientID": form.patientID, "from": form.from, "to": form.to, "accession": form.accession,
            "description": form.description,
            "modalities": StudyListQuery.modalities.map { ["value": $0, "selected": $0 == form.modality] as [String: Any] },
        ]
        for key in QIDOSort.Key.allCases {
            let active = form.sort == key
            let descending = active ? !form.descending : (key == .studyDate || key == .instances)
            values["sort_\(key.rawValue)"] = "\(viewer.base)/?\(form.queryString(page: 1, sort: key, descending: descending))"
            values["mark_\(key.rawValue)"] = active ? (form.descending ? "▼" : "▲") : ""
            values["aria_\(key.rawValue)"] = active ? (form.descending ? "descending" : "ascending") : "none"
        }
        return values
    }

    /// One row of the study list.
    static func studyRow(_ study: DICOMJSONObject, viewer: AdminViewer) -> [String: Any] {
        let uid = study.string(.studyInstanceUID)
        return [
            "uid": uid, "url": "\(viewer.base)/studies/\(uid)", "patientName": AdminFormat.personName(study.string(.patientName)),
            "patientID": study.string(.patientID), "date": AdminFormat.date(study.string(.studyDate)),
            "accession": study.string(.accessionNumber), "description": study.string(.studyDescription),
            "modalities": study.strings(.modalitiesInStudy).joined(separator: ", "),
            "series": study.string(.numberOfStudyRelatedSeries), "instances": study.string(.numberOfStudyRelatedInstances),
            "viewerURL": "/viewer?StudyInstanceUIDs=\(uid)",
        ]
    }

    func studyPage(_ request: Request, _ context: Context, _ viewer: AdminViewer) async throws -> Response {
        let uid = try StudyPath.uid(context.parameters.get("study"))
        let root = baseURL.dicomWeb(for: request)
        let study = try await findStudy(uid, root: root, context: context)
        let seriesQuery = try QIDOQuery(level: .series, study: uid, series: nil, parameters: [("includefield", "BodyPartExamined,SeriesDate")],
                                        defaultLimit: 10_000, maxLimit: 10_000)
        let series = try await index.search(seriesQuery, root: root, logger: context.logger).objects.compactMap(DICOMJSONObject.init)
        var values = Self.studyRow(study, viewer: viewer)
        let base = "\(viewer.base)/studies/\(uid.rawValue)"
        values.merge([
            "birthDate": AdminFormat.date(study.string(.patientBirthDate)), "sex": study.string(.patientSex),
            "time": AdminFormat.time(study.string(.studyTime)), "studyID": study.string(.studyID),
            "referring": AdminFormat.personName(study.string(.referringPhysicianName)),
            "institution": study.string(.institutionName), "archiveURL": "\(base)/archive",
            "deleteURL": "\(viewer.base)/dicom-web/studies/\(uid.rawValue)", "afterDeleteURL": "\(viewer.base)/",
            "seriesRows": series.map { item -> [String: Any] in
                let seriesUID = item.string(.seriesInstanceUID)
                return [
                    "uid": seriesUID, "url": "\(base)/series/\(seriesUID)", "number": item.string(.seriesNumber),
                    "modality": item.string(.modality), "description": item.string(.seriesDescription),
                    "bodyPart": item.string(.bodyPartExamined), "instances": item.string(.numberOfSeriesRelatedInstances),
                    "thumbnailURL": "\(base)/series/\(seriesUID)/thumbnail",
                ]
            },
        ]) { $1 }
        let title = "Study \(values["description"] as? String ?? "")".trimmingCharacters(in: .whitespaces)
        return pages.page("study", title: title, viewer: viewer, values: values)
    }

    func seriesPage(_ request: Request, _ context: Context, _ viewer: AdminViewer) async throws -> Response {
        let studyUID = try StudyPath.uid(context.parameters.get("study"))
        let seriesUID = try StudyPath.uid(context.parameters.get("series"), name: "series")
        let root = baseURL.dicomWeb(for: request)
        let study = try await findStudy(studyUID, root: root, context: context)
        let seriesQuery = try QIDOQuery(level: .series, study: studyUID, series: nil, parameters: [("SeriesInstanceUID", seriesUID.rawValue)],
                                        defaultLimit: 1, maxLimit: 1)
        guard let series = try await index.search(seriesQuery, root: root, logger: context.logger).objects.first.flatMap(DICOMJSONObject.init) else {
            throw PACSError(.notFound, "no such series")
        }
        let pageSize = 500
        let pageNumber = min(max(Int(try QueryString.parse(request.uri.query).first { $0.name == "page" }?.value ?? "1") ?? 1, 1), 100_000)
        let instanceQuery = try QIDOQuery(level: .instance, study: studyUID, series: seriesUID,
                                          parameters: [("limit", String(pageSize)), ("offset", String((pageNumber - 1) * pageSize))],
                                          defaultLimit: pageSize, maxLimit: pageSize)
        let page = try await index.search(instanceQuery, root: root, logger: context.logger)
        let base = "\(viewer.base)/studies/\(studyUID.rawValue)/series/\(seriesUID.rawValue)"
        var values: [String: Any] = [
            "studyURL": "\(viewer.base)/studies/\(studyUID.rawValue)", "studyUID": studyUID.rawValue, "uid": seriesUID.rawValue,
            "patientName": AdminFormat.personName(study.string(.patientName)), "patientID": study.string(.patientID),
            "studyDescription": study.string(.studyDescription), "studyDate": AdminFormat.date(study.string(.studyDate)),
            "number": series.string(.seriesNumber), "modality": series.string(.modality), "description": series.string(.seriesDescription),
            "instances": series.string(.numberOfSeriesRelatedInstances), "thumbnailURL": "\(base)/thumbnail",
            "archiveURL": "\(base)/archive", "viewerURL": "/viewer?StudyInstanceUIDs=\(studyUID.rawValue)",
            "deleteURL": "\(viewer.base)/dicom-web/studies/\(studyUID.rawValue)/series/\(seriesUID.rawValue)",
            "afterDeleteURL": "\(viewer.base)/studies/\(studyUID.rawValue)",
            "instanceRows": page.objects.compactMap(DICOMJSONObject.init).map { item -> [String: Any] in
                let sop = item.string(.sopInstanceUID)
                let sopClass = item.string(.sopClassUID)
                let rows = item.string(.rows), columns = item.string(.columns)
                return [
                    "uid": sop, "url": "\(base)/instances/\(sop)", "number": item.string(.instanceNumber),
                    "sopClass": UIDDictionary.entry(for: sopClass)?.name ?? sopClass,
                    "size": rows.isEmpty ? "" : "\(columns) × \(rows)", "frames": item.string(.numberOfFrames),
                    "fileURL": "\(base)/instances/\(sop)/file",
                ]
            },
        ]
        if pageNumber > 1 { values["previousURL"] = "\(base)?page=\(pageNumber - 1)" }
        if page.hasMore { values["nextURL"] = "\(base)?page=\(pageNumber + 1)" }
        return pages.page("series", title: "Series \(series.string(.seriesNumber)) \(series.string(.seriesDescription))", viewer: viewer, values: values)
    }

    /// The study's QIDO object.
    /// - Throws: ``PACSError`` `.notFound`.
    func findStudy(_ uid: DICOMUID, root: String, context: Context) async throws -> DICOMJSONObject {
        let query = try QIDOQuery(level: .study, study: nil, series: nil,
                                  parameters: [("StudyInstanceUID", uid.rawValue), ("includefield", "InstitutionName,ModalitiesInStudy")],
                                  defaultLimit: 1, maxLimit: 1)
        guard let study = try await index.search(query, root: root, logger: context.logger).objects.first.flatMap(DICOMJSONObject.init) else {
            throw PACSError(.notFound, "no such study")
        }
        return study
    }

    func uploadPage(_ viewer: AdminViewer) -> Response {
        guard viewer.canUpload else { return pages.error(.forbidden, "Uploading needs the pacs-write role.", viewer: viewer) }
        return pages.page("upload", title: "Upload", viewer: viewer, values: [:])
    }
}
