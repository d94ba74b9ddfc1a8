import Foundation
import OfficeTemplate

/// Calendar-day arithmetic for the rules. Data dates load as midnight UTC, so everything here
/// works in UTC: a rule's answer must not change with the machine's time zone.
package enum DayArithmetic {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Whole days since 1970-01-01 (UTC) of the day containing `date`.
    package static func dayNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Days from `from` to `to` (negative when `to` is earlier), counting calendar days.
    package static func days(from: Date, to: Date) -> Int {
        dayNumber(to) - dayNumber(from)
    }

    /// Whether `date` falls on a later calendar day than `today`.
    static func isAfter(_ date: Date, today: Date) -> Bool {
        dayNumber(date) > dayNumber(today)
    }

    /// `date` moved by `months` calendar months (31 January + 1 month is 28/29 February).
    package static func adding(months: Int, to date: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: date) ?? date
    }

    /// Whether something dated `date` is more than `months` months old on `today`: a check made
    /// on 2024-09-01 is still current on 2025-09-01 and stale from 2025-09-02.
    static func isOlder(_ date: Date, thanMonths months: Int, today: Date) -> Bool {
        dayNumber(adding(months: months, to: date)) < dayNumber(today)
    }

    /// `YYYY-MM-DD` for messages (never used for a pupil's date of birth).
    package static func isoText(_ date: Date) -> String { ISODateWriter.day(date) }

    /// Parses exactly `YYYY-MM-DD` (as JSON files carry dates) to midnight UTC, as the YAML
    /// reader does; nil for anything else, including impossible dates such as 2025-02-30.
    package static func parseDate(_ text: String) -> Date? {
        text.utf8.count == 10 ? ISODateParser.parse(text) : nil
    }
}

/// A time of day on the 24-hour clock, as written in session times and deadlines (`"09:15"`).
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes after midnight.
    public let minutes: Int

    public init(hour: Int, minute: Int) {
        minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` (or `H:MM`), 00:00 to 23:59; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    /// `HH:MM`.
    public var description: String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

/// The calendar day that letters carry and rules judge by: midnight UTC.
public enum IssueDay {
    /// Today's date, at midnight UTC.
    public static var today: Date { Date(timeIntervalSince1970: Double(DayArithmetic.dayNumber(Date())) * 86_400) }

    /// `YYYY-MM-DD` at midnight UTC; nil for anything else.
    public static func parse(_ text: String) -> Date? { DayArithmetic.parseDate(text) }

    /// `YYYY-MM-DD`.
    public static func text(_ date: Date) -> String { ISODateWriter.day(date) }
}
