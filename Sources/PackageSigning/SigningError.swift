/// A package could not be signed: the message says what is wrong and what to do.
///
/// Messages name the user's files but never contain key material.
public struct SigningError: Error, CustomStringConvertible, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
