import Foundation
import DICOMCore
import PostgresNIO

/// Builds the one SQL statement that answers a QIDO-RS query: parameterised matching on
/// typed columns (or the stored DICOM JSON for other attributes), a stable order, paging,
/// and each result row as a DICOM JSON object assembled by PostgreSQL.
struct QIDOStatement {
    private(set) var binds = PostgresBindings()
    private var count = 0

    /// Appends a bind and returns its placeholder.
    private mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }

    /// The statement for `query`; one text column per row (the JSON object), at most `limit + 1` rows.
    /// - Parameter root: The DICOMweb root URL for RetrieveURLs.
    static func make(_ query: QIDOQuery, root: String) throws -> PostgresQuery {
        var statement = QIDOStatement()
        let sql = try statement.build(query, root: root)
        return PostgresQuery(unsafeSQL: sql, binds: statement.binds)
    }

    private mutating func build(_ query: QIDOQuery, root: String) throws -> String {
        var conditions: [String] = []
        if let study = query.study { conditions.append("st.study_uid = \(bind(study.rawValue))") }
        if let series = query.series { conditions.append("se.series_uid = \(bind(series.rawValue))") }
        let columns = QIDOColumns.columns(for: query.level)
        let document = QIDOColumns.document(for: query.level)
        for match in query.matches {
            if match.path.count == 1, let column = columns[match.path[0]] {
                conditions.append(try condition(column, match.value, fuzzy: query.fuzzy))
            } else {
                conditions.append(documentCondition(document, match, fuzzy: query.fuzzy))
            }
        }
        var keys = Set((query.includeAll ? [] : QIDOReturnKeys.defaults(for: query) + query.includeFields).map(\.hexString))
        for match in query.matches { keys.insert(match.path[0].hexString) }
        let selected = query.includeAll
            ? "(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(\(document)) WHERE value->>'BulkDataURI' IS NULL)"
            : "(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(\(document)) WHERE key = ANY(\(bind(keys.sorted()))))"
        let rootBind = bind(root)
        let from: String
        let computed: String
        let order: String
        switch query.level {
        case .study:
            from = "studies st"
            computed = """
                jsonb_build_object('00080056', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array('ONLINE')),
                  '00080061', CASE WHEN cardinality(st.modalities) > 0 THEN jsonb_build_object('vr', 'CS', 'Value', to_jsonb(st.modalities)) ELSE jsonb_build_object('vr', 'CS') END,
                  '00081190', jsonb_build_object('vr', 'UR', 'Value', jsonb_build_array(\(rootBind) || '/studies/' || st.study_uid)),
                  '00201206', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(st.series_count)),
                  '00201208', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(st.instance_count)))
                """
            order = query.sort?.studySQL ?? "st.study_date DESC NULLS LAST, st.study_time DESC NULLS LAST, st.pk"
        case .series:
            from = "series se JOIN studies st ON st.pk = se.study_pk"
            computed = """
                jsonb_build_object('00081190', jsonb_build_object('vr', 'UR', 'Value', jsonb_build_array(\(rootBind) || '/studies/' || st.study_uid || '/series/' || se.series_uid)),
                  '00201209', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(se.instance_count)))
                """
            order = query.study == nil ? "st.pk, se.series_number NULLS LAST, se.pk" : "se.series_number NULLS LAST, se.pk"
        case .instance:
            from = "instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk"
            computed = """
                jsonb_build_object('00080056', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array('ONLINE')),
                  '00081190', jsonb_build_object('vr', 'UR', 'Value', jsonb_build_array(\(rootBind) || '/studies/' || st.study_uid || '/series/' || se.series_uid || '/instances/' || i.sop_uid)))
                """
            order = query.series == nil ? "se.pk, i.instance_number NULLS LAST, i.pk" : "i.instance_number NULLS LAST, i.pk"
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return """
            SELECT (\(selected) || \(computed))::text FROM \(from) \(whereClause)
            ORDER BY \(order) LIMIT \(bind(Int64(query.limit) + 1)) OFFSET \(bind(Int64(query.offset)))
            """
    }

    /// A condition on a typed column.
    private mutating func condition(_ column: QIDOColumns.Column, _ value: QIDOQuery.MatchValue, fuzzy: Bool) throws -> String {
        switch (column.kind, value) {
        case (_, .universal):
            return "TRUE"
        case (.personName(let key, let words), .single(let text)), (.personName(let key, let words), .wildcard(let text)):
            let folded = PersonNameKey.fold(text)
            if fuzzy {
                let parts = folded.split(whereSeparator: { $0 == "^" || $0 == " " || $0 == "=" || $0 == "," }).map { Self.likePattern(String($0)) + "%" }
                guard !parts.isEmpty else { return "TRUE" }
                return "NOT EXISTS (SELECT 1 FROM unnest(\(bind(parts))) q WHERE NOT EXISTS (SELECT 1 FROM unnest(\(words)) w WHERE w LIKE q))"
            }
            if case .wildcard = value { return "\(key) LIKE \(bind(Self.likePattern(folded)))" }
            return "\(key) = \(bind(folded))"
        case (.text, .single(let text)):
            return "\(column.sql) = \(bind(text))"
        case (.text, .wildcard(let text)):
            return "\(column.sql) LIKE \(bind(Self.likePattern(text)))"
        case (.text, .uidList(let list)):
            return "\(column.sql) = ANY(\(bind(list)))"
        case (.textArray, .single(let text)):
            return "\(bind(text)) = ANY(\(column.sql))"
        case (.textArray, .wildcard(let text)):
            return "EXISTS (SELECT 1 FROM unnest(\(column.sql)) m WHERE m LIKE \(bind(Self.likePattern(text))))"
        case (.textArray, .uidList(let list)):
            return "\(column.sql) && \(bind(list))"
        case (.integer, .single(let text)):
            guard let number = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw PACSError(.badRequest, "an integer attribute was given a non-integer value") }
            return "\(column.sql) = \(bind(number))"
        case (.date, .single(let text)):
            return "\(column.sql) = \(bind(text))::date"
        case (.time, .single(let text)):
            return "\(column.sql) = \(bind(text))::time"
        case (.date, .range(let lower, let upper)), (.time, .range(let lower, let upper)):
            let type = if case .date = column.kind { "date" } else { "time" }
            var parts: [String] = []
            if let lower { parts.append("\(column.sql) >= \(bind(lower))::\(type)") }
            if let upper { parts.append("\(column.sql) <= \(bind(upper))::\(type)") }
            return "(" + parts.joined(separator: " AND ") + ")"
        default:
            throw PACSError(.badRequest, "this kind of matching is not supported for the attribute")
        }
    }

    /// A condition on an attribute of the stored DICOM JSON (first level or one sequence deep).
    private mutating func documentCondition(_ document: String, _ match: QIDOQuery.Match, fuzzy: Bool) -> String {
        let values: String
        let isName = match.vr == .PN
        let valueExpression = isName ? "upper(v->>'Alphabetic')" : "v #>> '{}'"
        if match.path.count == 1 {
            values = "jsonb_array_elements(coalesce(\(document)->\(bind(match.path[0].hexString))->'Value', '[]')) v"
        } else {
            values = "jsonb_array_elements(coalesce(\(document)->\(bind(match.path[0].hexString))->'Value', '[]')) item, "
                + "jsonb_array_elements(coalesce(item->\(bind(match.path[1].hexString))->'Value', '[]')) v"
        }
        let test: String
        switch match.value {
        case .universal:
            return "TRUE"
        case .single(let text):
            test = "\(valueExpression) = \(bind(isName ? text.uppercased() : text))"
        case .wildcard(let text):
            test = "\(valueExpression) LIKE \(bind(Self.likePattern(isName ? text.uppercased() : text)))"
        case .uidList(let list):
            test = "\(valueExpression) = ANY(\(bind(list)))"
        case .range(let lower, let upper):
            let compact = "replace(replace(replace(\(valueExpression), '-', ''), ':', ''), ' ', '')"
            var parts: [String] = []
            if let lower { parts.append("\(compact) >= \(bind(Self.compact(lower)))") }
            if let upper { parts.append("\(compact) <= \(bind(Self.compact(upper)))") }
            test = parts.joined(separator: " AND ")
        }
        return "EXISTS (SELECT 1 FROM \(values) WHERE \(test))"
    }

    /// `*` → `%`, `?` → `_`, with LIKE's own metacharacters escaped.
    static func likePattern(_ text: String) -> String {
        var pattern = ""
        for character in text {
            switch character {
            case "*": pattern += "%"
            case "?": pattern += "_"
            case "%", "_", "\\": pattern += "\\\(character)"
            default: pattern.append(character)
            }
        }
        return pattern
    }

    private static func compact(_ iso: String) -> String {
        iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "").replacingOccurrences(of: " ", with: "")
    }
}
