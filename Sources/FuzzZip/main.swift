// Runs libFuzzer on `fuzzZip` (SwiftPM gives executables their own `main`, so libFuzzer's
// cannot be used; its driver can). Built only with APDOCS_FUZZ=1 and -sanitize=fuzzer.
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv) { start, count in fuzzZip(start, count) })
