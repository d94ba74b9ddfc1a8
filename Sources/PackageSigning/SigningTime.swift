import Foundation
import OfficeTemplate

/// xsd:dateTime text of signing times, always written in UTC to whole seconds, through the
/// engine's one ISO date module.
enum SigningTime {
    /// `2024-05-01T09:30:00Z`
    static func format(_ date: Date) -> String { ISODateWriter.dateTime(date) }

    /// Whole-second rounding of what `format` writes, for comparisons.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Reads `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`; a time without zone is taken as UTC
    /// (LibreOffice writes its local time without a zone; nothing better can be done).
    static func parse(_ text: String) -> Date? {
        ISODateParser.parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
