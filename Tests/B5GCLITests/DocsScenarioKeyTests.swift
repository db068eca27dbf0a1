import XCTest
@testable import Scenario

/// Scenario keys the docs name in backticks exist in the scenario schema: dotted paths from a
/// top-level key (`transport.exposed`, `cells[].ntn.platform`, `ueGroups.phones.count`) are
/// walked field by field, and a camelCase name beside a schema key of the same stem (in the
/// same paragraph or table row: `driftRadiusKm` ... `driftPeriodSeconds`) must be a key or
/// model name too.
final class DocsScenarioKeyTests: XCTestCase {
    /// File names that start like a top-level key (`capture.pcap`).
    private static let fileExtensions: Set<String> = ["pcap", "json", "csv", "html", "yaml", "yml", "md", "lua", "hgrm", "log", "py"]

    /// Every key and model name of every object type.
    private static let allNames: Set<String> = {
        Set(ScenarioSchemaDocs.schemasInOrder().flatMap { $0.fields.flatMap { [$0.key, $0.modelKey] } })
    }()

    /// Whether `path` names a field: nil when it does not look like a scenario path at all.
    static func exists(_ path: String) -> Bool? {
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !fileExtensions.contains(parts.last ?? ""),
              parts.allSatisfy({ $0.range(of: "^[A-Za-z0-9]+(\\[\\])?$", options: .regularExpression) != nil }),
              ScenarioSchema.root.field(parts[0].replacingOccurrences(of: "[]", with: "")) != nil else { return nil }
        var schema = ScenarioSchema.root
        while !parts.isEmpty {
            let part = parts.removeFirst()
            let key = part.replacingOccurrences(of: "[]", with: "")
            guard let field = schema.field(key) else { return false }
            switch field.type {
            case .object(let inner):
                schema = inner
            case .list(.object(let inner), _, _):
                schema = inner
                // `cells.cell1.prbs`: an entry named (or indexed) after the list key.
                if !part.hasSuffix("[]"), !parts.isEmpty, schema.field(parts[0]) == nil { parts.removeFirst() }
            default:
                return parts.isEmpty
            }
        }
        return true
    }

    func testEveryDottedScenarioPathInTheDocsExists() throws {
        var checked = 0
        for page in try DocsText.pages() {
            for (line, text) in DocsText.paragraphs(page.text) {
                for span in DocsText.codeSpans(text) {
                    let path = String(span.prefix { $0 != ":" && $0 != " " && $0 != "=" })
                    guard let exists = Self.exists(path) else { continue }
                    checked += 1
                    XCTAssertTrue(exists, "\(page.path):\(line): `\(span)` names no scenario key")
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    func testEveryKeyLikeNameBesideASchemaKeyExists() throws {
        func stem(_ name: String) -> String { String(name.prefix { $0.isLowercase || $0.isNumber }) }
        let camelKeys = Self.allNames.filter { $0.contains { $0.isUppercase } }
        for page in try DocsText.pages() {
            for (line, text) in DocsText.paragraphs(page.text) {
                let spans = DocsText.codeSpans(text)
                let keysHere = spans.filter { camelKeys.contains($0) }
                for span in spans where span.range(of: "^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$", options: .regularExpression) != nil {
                    // A stem of four letters or more (`drift`), so `ruSleep` beside `ruType` is no match.
                    guard !Self.allNames.contains(span), stem(span).count >= 4,
                          let sibling = keysHere.first(where: { stem($0) == stem(span) }) else { continue }
                    XCTFail("\(page.path):\(line): `\(span)` (beside the key `\(sibling)`) names no scenario key")
                }
            }
        }
    }

    func testThePathWalkerKnowsListsEntriesAndFiles() {
        XCTAssertEqual(Self.exists("transport.exposed"), true)
        XCTAssertEqual(Self.exists("cells[].ntn.platform"), true)
        XCTAssertEqual(Self.exists("ueGroups.phones.count"), true)
        XCTAssertEqual(Self.exists("ueGroups.0.count"), true)
        XCTAssertEqual(Self.exists("output.ueTimeseries"), true)
        XCTAssertEqual(Self.exists("metrics.port"), true)
        XCTAssertEqual(Self.exists("transport.exposd"), false)
        XCTAssertEqual(Self.exists("cells[].ntn.platfrom"), false)
        XCTAssertEqual(Self.exists("links.e2.extra"), false)
        XCTAssertNil(Self.exists("capture.pcap"))
        XCTAssertNil(Self.exists("summary.json"))
        XCTAssertNil(Self.exists("CellScheduler.setSliceQuota"))
    }
}
