internal import CLibXML2
internal import CXMLSec
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide xmlsec state: initialised once, and used by one operation at a time.
///
/// xmlsec keeps two things global that we need per operation: the I/O callbacks through
/// which it reads the files a `ds:Reference` names, and the error callback. So every
/// signing or verification runs under one lock (`run`), with the package entries it may
/// read and a sink for xmlsec's error messages set for its duration. Signing a document
/// takes milliseconds, so serialising them costs nothing that matters.
///
/// The I/O callbacks are *only* ours: xmlsec's defaults (files, HTTP, FTP) are removed, so
/// a reference in a signature can never make us read the disk or the network; it can only
/// name an entry of the package being checked.
final class XMLSecRuntime: @unchecked Sendable {
    /// Set once by `init`; nil when xmlsec could not be initialised (the reason is kept).
    static let shared: Result<XMLSecRuntime, SigningError> = {
        do throws(SigningError) {
            return .success(try XMLSecRuntime())
        } catch {
            return .failure(error)
        }
    }()

    static func get() throws(SigningError) -> XMLSecRuntime {
        switch shared {
        case .success(let runtime): return runtime
        case .failure(let error): throw error
        }
    }

    /// Held for the whole of one signing or verification (`run`). A class, so it has a stable
    /// address (a stored `pthread_mutex_t` passed as `&mutex` need not).
    private let lock = NSLock()
    /// xmlsec's OPC relationship transform.
    private(set) var relationshipTransform: xmlSecTransformId? = nil
    /// Entries xmlsec may read during the current operation, by their name in the package.
    fileprivate var entries: [String: [UInt8]] = [:]
    /// xmlsec's error messages during the current operation (first few only).
    fileprivate var errors: [String] = []

    private init() throws(SigningError) {
        xmlInitParser()
        guard xmlSecInit() >= 0 else {
            throw SigningError("cannot initialise libxmlsec1 (xmlSecInit failed)")
        }
        guard
            xmlSecCheckVersionExt(
                XMLSEC_VERSION_MAJOR, XMLSEC_VERSION_MINOR, XMLSEC_VERSION_SUBMINOR,
                xmlSecCheckVersionABICompatible) == 1
        else {
            throw SigningError(
                "the installed libxmlsec1 is not compatible with the one APDocs was built with; "
                    + "reinstall libxmlsec1-dev and rebuild")
        }
        guard xmlSecOpenSSLAppInit(nil) >= 0, xmlSecOpenSSLInit() >= 0 else {
            throw SigningError("cannot initialise the OpenSSL backend of libxmlsec1")
        }
        let extra = try XMLSecExtra()
        relationshipTransform = extra.relationshipTransform()
        extra.setErrorsCallback(xmlsecErrorCallback)
        // No files, no network: only the entries of the package at hand.
        extra.cleanupIOCallbacks()
        guard extra.registerIOCallbacks(entryMatch, entryOpen, entryRead, entryClose) >= 0 else {
            throw SigningError("cannot register the package reader with libxmlsec1")
        }
        // External entities and DTDs are never fetched while canonicalising an entry.
        extra.setParserDefaultOptions(extra.parserDefaultOptions() | Int32(XML_PARSE_NONET.rawValue))
        Self.initialised = self
    }

    /// Runs `body` alone, with `entries` readable by xmlsec through their names.
    func run<T, E: Error>(entries: [String: [UInt8]], _ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer {
            self.entries = [:]
            self.errors = []
            lock.unlock()
        }
        self.entries = entries
        self.errors = []
        return try body()
    }

    /// Changes what xmlsec may read; call only inside `run`.
    func replaceEntries(_ entries: [String: [UInt8]]) {
        self.entries = entries
    }

    /// xmlsec's messages so far in the current operation; call only inside `run`.
    func takeErrors() -> [String] {
        defer { errors = [] }
        return errors
    }

    /// The runtime once initialised, for the C callbacks. (They must not touch `shared`
    /// while it is being initialised: an xmlsec message during `init` would re-enter it.)
    nonisolated(unsafe) private static var initialised: XMLSecRuntime?

    static var current: XMLSecRuntime? { initialised }
}

// MARK: - xmlsec callbacks (C function pointers: no captures, state through `current`)

private let xmlsecErrorCallback: XMLSecExtra.ErrorsCallback = {
    _, _, _, errorObject, errorSubject, reason, message in
    guard let runtime = XMLSecRuntime.current, runtime.errors.count < 20 else { return }
    var text = message.map { String(cString: $0) } ?? ""
    if let subject = errorSubject.map({ String(cString: $0) }), !subject.isEmpty {
        text = subject + ": " + text
    }
    if let object = errorObject.map({ String(cString: $0) }), !object.isEmpty, object != "unknown" {
        text = object + ": " + text
    }
    _ = reason
    runtime.errors.append(text)
}

/// An entry being read by xmlsec.
private final class EntryStream {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// The entry a reference URI names: an ODF relative URI (`content.xml`, already unescaped
/// by xmlsec), or an OPC part URI (`/word/document.xml?ContentType=...`).
private func lookUp(_ uri: UnsafePointer<CChar>?) -> [UInt8]? {
    guard let uri, let runtime = XMLSecRuntime.current else { return nil }
    let text = String(cString: uri)
    if let bytes = runtime.entries[text] { return bytes }
    guard text.hasPrefix("/") else { return nil }
    let path = text.dropFirst().split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return runtime.entries[String(path)] ?? uriDecode(String(path)).flatMap { runtime.entries[$0] }
}

private let entryMatch: xmlInputMatchCallback = { uri in
    lookUp(uri) == nil ? 0 : 1
}

private let entryOpen: xmlInputOpenCallback = { uri in
    guard let bytes = lookUp(uri) else { return nil }
    return Unmanaged.passRetained(EntryStream(bytes)).toOpaque()
}

private let entryRead: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length >= 0 else { return -1 }
    let stream = Unmanaged<EntryStream>.fromOpaque(context).takeUnretainedValue()
    let count = min(Int(length), stream.bytes.count - stream.position)
    if count > 0 {
        stream.bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(
                from: source.baseAddress! + stream.position, byteCount: count)
        }
        stream.position += count
    }
    return Int32(count)
}

private let entryClose: xmlInputCloseCallback = { context in
    guard let context else { return -1 }
    Unmanaged<EntryStream>.fromOpaque(context).release()
    return 0
}

/// xmlsec functions whose headers (`xmlsec/errors.h`, `xmlsec/io.h`, `xmlsec/parser.h`) the
/// CXMLSec shim does not include: looked up in the already linked libxmlsec1 by name.
/// (Adding those three includes to `Sources/CXMLSec/shim.h` would make this unnecessary.)
private struct XMLSecExtra {
    typealias ErrorsCallback =
        @convention(c) (
            UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
            UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?
        ) -> Void

    let setErrorsCallback: @convention(c) (ErrorsCallback?) -> Void
    let cleanupIOCallbacks: @convention(c) () -> Void
    let registerIOCallbacks:
        @convention(c) (
            xmlInputMatchCallback?, xmlInputOpenCallback?, xmlInputReadCallback?, xmlInputCloseCallback?
        ) -> Int32
    let parserDefaultOptions: @convention(c) () -> Int32
    /// OPC's RelationshipTransform (in libxmlsec1 since 1.2.21, but not in its headers).
    let relationshipTransform: @convention(c) () -> xmlSecTransformId?
    let setParserDefaultOptions: @convention(c) (Int32) -> Void

    init() throws(SigningError) {
        func symbol<T>(_ name: String, as type: T.Type) throws(SigningError) -> T {
            guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                throw SigningError("libxmlsec1 lacks \(name); install libxmlsec1 1.2.x (Debian libxmlsec1-dev)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        setErrorsCallback = try symbol("xmlSecErrorsSetCallback", as: (@convention(c) (ErrorsCallback?) -> Void).self)
        cleanupIOCallbacks = try symbol("xmlSecIOCleanupCallbacks", as: (@convention(c) () -> Void).self)
        registerIOCallbacks = try symbol(
            "xmlSecIORegisterCallbacks",
            as: (@convention(c) (
                xmlInputMatchCallback?, xmlInputOpenCallback?, xmlInputReadCallback?, xmlInputCloseCallback?
            ) -> Int32).self)
        parserDefaultOptions = try symbol("xmlSecParserGetDefaultOptions", as: (@convention(c) () -> Int32).self)
        relationshipTransform = try symbol(
            "xmlSecTransformRelationshipGetKlass", as: (@convention(c) () -> xmlSecTransformId?).self)
        setParserDefaultOptions = try symbol("xmlSecParserSetDefaultOptions", as: (@convention(c) (Int32) -> Void).self)
    }
}
