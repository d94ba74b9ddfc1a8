import Foundation

/// A PNG or JPEG read for a picture tag, with its size in pixels and resolution.
struct PictureFile: Sendable, Hashable {
    enum Kind: String, Sendable {
        case png
        case jpeg

        var mediaType: String { self == .png ? "image/png" : "image/jpeg" }
        var fileExtension: String { self == .png ? "png" : "jpeg" }
    }

    let bytes: [UInt8]
    /// Where it was read from ("" for bytes given directly).
    var path = ""
    let kind: Kind
    let pixelWidth: Int
    let pixelHeight: Int
    /// Dots per inch from the file when it says, otherwise 96 (what Word and LibreOffice assume).
    let dotsPerInch: Double

    /// The most bytes a picture file may have: far above any photo or logo in a letter.
    static let maximumSize = 64 << 20

    /// Reads and identifies a picture file named by a value. The error never quotes the path:
    /// it is built from data, and could hold a child's name; the message names the tag.
    init(path: String) throws(PictureError) {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, maximumSize: Self.maximumSize)
        } catch {
            throw PictureError(
                "cannot read the picture file the value names: \(error.reason) "
                    + "(a relative name is read from the data file's folder)")
        }
        try self.init(bytes: bytes, name: "the picture file the value names")
        self.path = path
    }

    /// Identifies a picture; `name` describes it in messages ("the picture file the value names").
    init(bytes: [UInt8], name: String) throws(PictureError) {
        self.bytes = bytes
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), bytes.count >= 24 {
            kind = .png
            pixelWidth = Int(Self.bigEndian32(bytes, 16))
            pixelHeight = Int(Self.bigEndian32(bytes, 20))
            dotsPerInch = Self.pngDotsPerInch(bytes) ?? 96
        } else if bytes.starts(with: [0xFF, 0xD8]), let size = Self.jpegSize(bytes) {
            kind = .jpeg
            (pixelWidth, pixelHeight) = size
            dotsPerInch = Self.jfifDotsPerInch(bytes) ?? 96
        } else {
            throw PictureError("\(name) is not a PNG or JPEG picture; save it as .png or .jpg")
        }
        guard pixelWidth > 0, pixelHeight > 0 else { throw PictureError("\(name) has no size; the picture file is damaged") }
    }

    private static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// The pHYs chunk, when its unit is the metre.
    private static func pngDotsPerInch(_ bytes: [UInt8]) -> Double? {
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bigEndian32(bytes, offset))
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            if type == "pHYs", offset + 17 <= bytes.count, bytes[offset + 16] == 1 {
                let perMetre = Double(bigEndian32(bytes, offset + 8))
                return perMetre > 0 ? perMetre * 0.0254 : nil
            }
            if type == "IDAT" { return nil }
            offset += 12 + length
        }
        return nil
    }

    /// Width and height from the first start-of-frame marker.
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var offset = 2
        while offset + 9 < bytes.count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                offset += 2
                continue
            }
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                return (width, height)
            }
            offset += 2 + length
        }
        return nil
    }

    /// The JFIF header's density, when given in dots per inch or per centimetre.
    private static func jfifDotsPerInch(_ bytes: [UInt8]) -> Double? {
        guard bytes.count > 18, bytes[2] == 0xFF, bytes[3] == 0xE0,
            Array(bytes[6..<11]) == Array("JFIF\0".utf8)
        else { return nil }
        let density = Double(Int(bytes[14]) << 8 | Int(bytes[15]))
        guard density > 0 else { return nil }
        switch bytes[13] {
        case 1: return density
        case 2: return density * 2.54
        default: return nil
        }
    }

    /// The size to show it at, in EMU (914,400 to the inch), keeping the aspect ratio: from the
    /// width or the height asked for, or both, or else its natural size.
    func displaySize(width: Length?, height: Length?) -> (width: Int, height: Int) {
        let naturalWidth = Double(pixelWidth) / dotsPerInch * 914_400
        let naturalHeight = Double(pixelHeight) / dotsPerInch * 914_400
        switch (width, height) {
        case let (width?, height?): return (width.emu, height.emu)
        case let (width?, nil): return (width.emu, Int((Double(width.emu) * naturalHeight / naturalWidth).rounded()))
        case let (nil, height?): return (Int((Double(height.emu) * naturalWidth / naturalHeight).rounded()), height.emu)
        case (nil, nil): return (Int(naturalWidth.rounded()), Int(naturalHeight.rounded()))
        }
    }
}

/// A length written in a template: "4cm", "35mm", "1.5in", "72pt", "120px".
struct Length: Sendable, Hashable {
    /// English Metric Units: 914,400 to the inch, 360,000 to the centimetre.
    let emu: Int

    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("cm", 360_000), ("mm", 36_000), ("in", 914_400), ("pt", 12_700), ("px", 9_525)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 else {
                return nil
            }
            emu = Int((number * factor).rounded())
            return
        }
        return nil
    }

    /// As ODF writes lengths: centimetres with up to four decimals.
    static func odfText(_ emu: Int) -> String {
        let centimetres = (Double(emu) / 360_000 * 10_000).rounded() / 10_000
        return "\(centimetres)cm"
    }
}

struct PictureError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
