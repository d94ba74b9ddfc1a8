// libFuzzer's driver, shared by the fuzz targets. SwiftPM gives executables their own `main`, so
// libFuzzer's `main` cannot be used; its driver can. Built only with APDOCS_FUZZ=1 and
// -sanitize=fuzzer (see Fuzz/README.md).
#if canImport(Glibc)
import Glibc
#endif

/// The callback libFuzzer calls with each input: a target's `@_cdecl` entry point.
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzTarget
) -> CInt

/// Runs libFuzzer on `target` with this process's arguments, then exits with its status.
public func runFuzzer(_ target: FuzzTarget) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv, target))
}
