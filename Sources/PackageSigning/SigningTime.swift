import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// xsd:dateTime text of signing times, always written in UTC to whole seconds.
enum SigningTime {
    /// `2024-05-01T09:30:00Z`
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(parts.tm_year + 1900)
        return "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Whole-second rounding of what `format` writes, for comparisons.
    static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Reads `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`; a time without zone is taken as UTC
    /// (LibreOffice writes its local time without a zone; nothing better can be done).
    static func parse(_ text: String) -> Date? {
        let s = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= s.count else { return nil }
            var value = 0
            for byte in s[from..<from + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard s.count >= 19, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
            s[10] == UInt8(ascii: "T"), s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < s.count, s[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < s.count, s[index] >= 48, s[index] <= 57 {
                fraction += Double(s[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < s.count {
            if s[index] == UInt8(ascii: "Z") {
                index += 1
            } else if s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-"),
                let h = number(index + 1, 2), let m = number(index + 4, 2)
            {
                offset = (h * 3600 + m * 60) * (s[index] == UInt8(ascii: "+") ? 1 : -1)
                index += 6
            } else {
                return nil
            }
        }
        guard index == s.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds - offset) + fraction)
    }
}
