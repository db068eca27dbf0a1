/// A CSV file with a header line (RFC 4180: fields with commas, quotes or line breaks quoted,
/// quotes doubled), read by column name.
struct CSVTable {
    let header: [String]
    /// Records with as many fields as the header; others are dropped.
    let rows: [[String]]

    init(text: String) {
        let records = Self.records(text)
        header = records.first ?? []
        rows = records.dropFirst().filter { $0.count == records[0].count }
    }

    /// The index of column `name`, if the header has it.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Every record's fields, split by RFC 4180 (a trailing line break ends the last record).
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars).makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field += "\"" }  // a doubled quote inside a quoted field
                quoted = true
                afterQuote = false
            case ",":
                record.append(field); field = ""; afterQuote = false
            case "\n", "\r":  // ends a record; blank lines (and the \n of \r\n) hold none
                afterQuote = false
                if !(record.isEmpty && field.isEmpty) { record.append(field); records.append(record) }
                record = []; field = ""
            default:
                field.unicodeScalars.append(c); afterQuote = false
            }
        }
        if !(record.isEmpty && field.isEmpty) { record.append(field); records.append(record) }
        return records
    }
}
