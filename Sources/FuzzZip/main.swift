// Hands `fuzzZip` to libFuzzer's driver (Sources/FuzzDriver). Built only with APDOCS_FUZZ=1.
import FuzzDriver

// A closure, not the function itself: passing a @_cdecl function as a C pointer emits its C symbol twice.
runFuzzer { start, count in fuzzZip(start, count) }
