import Foundation

/// The one ISO 8601 date module: a moment broken into its UTC calendar fields, ISO 8601 text
/// parsing (`ISODateParser`) and writing (`ISODateWriter`).
///
/// Done with plain integer arithmetic on the proleptic Gregorian calendar (days since
/// 1970-01-01) rather than `Calendar`/`DateFormatter`, so results never depend on the
/// machine's time zone, locale or ICU data, and the code is safe to call from any thread.
package struct UTCDateTime: Equatable {
    package var year: Int
    package var month: Int  // 1...12
    package var day: Int  // 1...31
    var hour = 0
    var minute = 0
    var second = 0

    /// 1 = Monday ... 7 = Sunday (ISO numbering).
    var weekday: Int {
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        // 1970-01-01 was a Thursday (4).
        return ((days % 7) + 7 + 3) % 7 + 1
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The UTC fields of `date`, truncated to whole seconds.
    package init(_ date: Date) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondsOfDay / 3600
        minute = secondsOfDay / 60 % 60
        second = secondsOfDay % 60
    }

    var date: Date {
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    // Howard Hinnant's days_from_civil / civil_from_days: eras of 400 years repeat exactly.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Reads the ISO 8601 / YAML timestamp forms that appear in data files.
package enum ISODateParser {
    /// `2025-09-01` (midnight UTC), `2025-09-01T09:30`, `2025-09-01T09:30:00Z`,
    /// `2025-09-01 09:30:00.5 +01:00`. A date-time without a zone is taken as UTC, as YAML says.
    /// Returns nil for anything else, including impossible dates such as 2025-02-30.
    package static func parse(_ text: String) -> Date? {
        var reader = DigitReader(Array(text.utf8))
        guard let year = reader.digits(4), reader.skip("-"),
            let month = reader.digits(2), reader.skip("-"),
            let day = reader.digits(2),
            (1...12).contains(month), (1...UTCDateTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var fields = UTCDateTime(year: year, month: month, day: day)
        if reader.atEnd { return fields.date }

        guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
            let (hour, minute, second, fraction) = reader.timeOfDay()
        else { return nil }
        fields.hour = hour
        fields.minute = minute
        fields.second = second
        var offsetSeconds = 0
        _ = reader.skip(" ")
        if reader.skip("Z") || reader.skip("z") {
        } else if let sign = reader.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            reader.position += 1
            // YAML allows a one-digit hour ("-5"); ISO wants two.
            guard let zoneHour = reader.digits(2, wholeField: false) ?? reader.digits(1) else { return nil }
            var zoneMinute = 0
            if !reader.atEnd {
                _ = reader.skip(":")
                guard let minutes = reader.digits(2) else { return nil }
                zoneMinute = minutes
            }
            offsetSeconds = (zoneHour * 3600 + zoneMinute * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard reader.atEnd else { return nil }
        return fields.date.addingTimeInterval(fraction - TimeInterval(offsetSeconds))
    }

    /// A bare time of day, `09:30` or `09:30:15`, as seconds after midnight.
    static func parseTimeOfDay(_ text: String) -> Int? {
        var reader = DigitReader(Array(text.utf8))
        guard let (hour, minute, second, _) = reader.timeOfDay(), reader.atEnd else { return nil }
        return hour * 3600 + minute * 60 + second
    }
}

/// Writes dates as ISO 8601 text in UTC, the forms `ISODateParser` reads.
package enum ISODateWriter {
    /// `2025-09-01`: the UTC day of `date`.
    package static func day(_ date: Date) -> String {
        let fields = UTCDateTime(date)
        return pad(fields.year, 4) + "-" + pad(fields.month, 2) + "-" + pad(fields.day, 2)
    }

    /// `2025-09-01T09:30:00Z`, to whole seconds (xsd:dateTime, as signatures and form fields want).
    package static func dateTime(_ date: Date) -> String {
        let fields = UTCDateTime(date)
        return day(date) + "T" + pad(fields.hour, 2) + ":" + pad(fields.minute, 2) + ":" + pad(fields.second, 2) + "Z"
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A cursor over ASCII bytes for the fixed-width fields of ISO dates.
private struct DigitReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    /// Exactly `count` digits as a number, or nil (leaving the position unchanged).
    /// With `wholeField`, a digit right after them also fails, as the field is then wider.
    mutating func digits(_ count: Int, wholeField: Bool = true) -> Int? {
        guard position + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + count] {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        if wholeField, position + count < bytes.count, (48...57).contains(bytes[position + count]) { return nil }
        position += count
        return value
    }

    /// `HH:MM`, optionally `:SS` and a decimal fraction of a second.
    mutating func timeOfDay() -> (Int, Int, Int, TimeInterval)? {
        guard let hour = digits(2) ?? digits(1), skip(":"), let minute = digits(2),
            hour < 24, minute < 60
        else { return nil }
        var second = 0
        var fraction: TimeInterval = 0
        if skip(":") {
            guard let value = digits(2), value < 61 else { return nil }
            second = value
            if skip(".") {
                var scale = 0.1
                let start = position
                while let byte = peek, byte >= 48 && byte <= 57 {
                    fraction += Double(byte - 48) * scale
                    scale /= 10
                    position += 1
                }
                if position == start { return nil }
            }
        }
        return (hour, minute, second, fraction)
    }
}
