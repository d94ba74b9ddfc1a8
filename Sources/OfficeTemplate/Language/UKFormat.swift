import Foundation

/// British English formatting of dates, times, money and ordinals.
///
/// Hand-written rather than built on `DateFormatter`/`NumberFormatter`: the output must be
/// identical on every machine (no dependence on ICU versions, which have changed "Sep" to
/// "Sept" before), always in UTC, and safe to call from many rendering threads at once.
enum UKFormat {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// The pattern letters `format(_:pattern:)` understands, for error messages.
    static let patternHelp = "d dd EEE EEEE M MM MMM MMMM yy yyyy H HH h hh mm ss a, and 'quoted text'"

    /// "1 September 2025", in UTC.
    static func longDate(_ date: Date) -> String {
        let fields = UTCDateTime(date)
        return "\(fields.day) \(monthNames[fields.month - 1]) \(fields.year)"
    }

    struct PatternError: Error {
        var message: String
    }

    /// Formats `date` (in UTC) with a Unicode/ICU-style pattern such as `dd/MM/yyyy`,
    /// `EEEE d MMMM yyyy` or `HH:mm`. Letters outside `patternHelp` are refused rather
    /// than printed, so a typo in a pattern is noticed.
    static func format(_ date: Date, pattern: String) throws(PatternError) -> String {
        let fields = UTCDateTime(date)
        let characters = Array(pattern)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                // 'literal text'; '' is an apostrophe.
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    output.append("'")
                    index += 2
                    continue
                }
                index += 1
                while index < characters.count, characters[index] != "'" {
                    output.append(characters[index])
                    index += 1
                }
                index += 1
                continue
            }
            guard character.isASCII, character.isLetter else {
                output.append(character)
                index += 1
                continue
            }
            var width = 1
            while index + width < characters.count, characters[index + width] == character { width += 1 }
            output += try field(character, width: width, fields)
            index += width
        }
        return output
    }

    private static func field(_ letter: Character, width: Int, _ fields: UTCDateTime) throws(PatternError) -> String {
        func padded(_ number: Int) -> String {
            width >= 2 && number < 10 ? "0\(number)" : String(number)
        }
        switch (letter, width) {
        case ("d", 1...2): return padded(fields.day)
        case ("E", 1...3): return String(weekdayNames[fields.weekday - 1].prefix(3))
        case ("E", 4): return weekdayNames[fields.weekday - 1]
        case ("M", 1...2): return padded(fields.month)
        case ("M", 3): return String(monthNames[fields.month - 1].prefix(3))
        case ("M", 4): return monthNames[fields.month - 1]
        case ("y", 2): return padded(fields.year % 100)
        case ("y", 1), ("y", 4): return String(fields.year)
        case ("H", 1...2): return padded(fields.hour)
        case ("h", 1...2): return padded(fields.hour % 12 == 0 ? 12 : fields.hour % 12)
        case ("m", 1...2): return padded(fields.minute)
        case ("s", 1...2): return padded(fields.second)
        case ("a", 1): return fields.hour < 12 ? "am" : "pm"
        default:
            let written = String(repeating: letter, count: width)
            throw PatternError(message: "does not understand '\(written)' in its pattern; it knows \(patternHelp)")
        }
    }

    /// "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "101st", "111th".
    static func ordinal(_ number: Int) -> String {
        let lastTwo = abs(number % 100)
        let suffix: String
        if (11...13).contains(lastTwo) {
            suffix = "th"
        } else {
            switch lastTwo % 10 {
            case 1: suffix = "st"
            case 2: suffix = "nd"
            case 3: suffix = "rd"
            default: suffix = "th"
            }
        }
        return "\(number)\(suffix)"
    }

    /// Pounds sterling: "£1,234.50", "-£3.00". Halves of a penny round away from zero.
    static func pounds(_ amount: Double) -> String {
        let (integer, fraction) = roundedDigits(amount, places: 2)
        let isZero = integer == "0" && fraction.allSatisfy { $0 == "0" }
        return (amount < 0 && !isZero ? "-" : "") + "£" + groupedThousands(integer) + "." + fraction
    }

    /// "1234567" becomes "1,234,567".
    static func groupedThousands(_ digits: String) -> String {
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// `value` rounded half away from zero to `places` decimals, rounded on its shortest
    /// decimal text, so 1.005 rounds to 1.01 as a person expects (in binary it is 1.00499…).
    static func rounded(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        let (integer, fraction) = roundedDigits(value, places: places)
        let magnitude = Double(fraction.isEmpty ? integer : integer + "." + fraction) ?? 0
        return value < 0 ? -magnitude : magnitude
    }

    /// The integer and fraction digits of `|value|` rounded to `places` decimals.
    static func roundedDigits(_ value: Double, places: Int) -> (integer: String, fraction: String) {
        let magnitude = abs(value)
        var text = magnitude.description
        if text.contains("e") {
            // Very large or very small: expand the digits explicitly.
            text = String(format: "%.\(places + 1)f", magnitude)
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0]).map { Int($0.asciiValue! - 48) }
        var fraction = parts.count > 1 ? Array(parts[1]).map { Int($0.asciiValue! - 48) } : []
        let roundUp = fraction.count > places && fraction[places] >= 5
        fraction = Array((fraction + Array(repeating: 0, count: places)).prefix(places))
        digits += fraction
        if roundUp {
            var position = digits.count - 1
            while position >= 0 {
                if digits[position] == 9 {
                    digits[position] = 0
                    position -= 1
                } else {
                    digits[position] += 1
                    break
                }
            }
            if position < 0 { digits.insert(1, at: 0) }
        }
        let split = digits.count - places
        let integerDigits = digits[..<split].map(String.init).joined()
        let fractionDigits = digits[split...].map(String.init).joined()
        return (integerDigits.isEmpty ? "0" : integerDigits, fractionDigits)
    }
}
