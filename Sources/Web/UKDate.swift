import Foundation
import Placement

/// Dates as a reader in England expects them: "6 December 2026" (never "12/6/2026", which
/// reads differently on each side of the Atlantic). Data files and inputs keep `YYYY-MM-DD`.
enum UKDate {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func text(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!)"
    }

    /// `2026-12-06` -> "6 December 2026"; other text as it is.
    static func text(iso: String) -> String {
        DayArithmetic.parseDate(iso).map { text($0) } ?? iso
    }
}
